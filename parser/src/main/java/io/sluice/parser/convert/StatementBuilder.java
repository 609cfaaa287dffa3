package io.sluice.parser.convert;

import static java.util.Objects.requireNonNull;

import io.sluice.grammar.SluiceSqlBaseVisitor;
import io.sluice.grammar.SluiceSqlLexer;
import io.sluice.grammar.SluiceSqlParser;
import io.sluice.parser.Statement;
import io.sluice.parser.error.SourceText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.misc.Interval;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** A parse-tree visitor that builds the {@link Statement} records, delegating queries to {@link SqlNodeBuilder}. */
public final class StatementBuilder extends SluiceSqlBaseVisitor<Statement> {
  private final SourceText source;
  private final CharStream text;
  private final SqlNodeBuilder nodes;

  /**
   * @param source the script text for error messages
   * @param text the characters the parse tree was built from, to quote a view's query text
   */
  public StatementBuilder(SourceText source, CharStream text) {
    this.source = requireNonNull(source, "source is null");
    this.text = requireNonNull(text, "text is null");
    this.nodes = new SqlNodeBuilder(source);
  }

  @Override
  public Statement visitSingleStatement(SluiceSqlParser.SingleStatementContext context) {
    return visit(context.statement());
  }

  @Override
  public Statement visitQueryStatement(SluiceSqlParser.QueryStatementContext context) {
    return new Statement.Query(nodes.visit(context.query()), Positions.of(context));
  }

  @Override
  public Statement visitExplainStatement(SluiceSqlParser.ExplainStatementContext context) {
    Statement target = context.query() != null
        ? new Statement.Query(nodes.visit(context.query()), Positions.of(context.query()))
        : insert(context.insert());
    return new Statement.Explain(target, Positions.of(context));
  }

  @Override
  public Statement visitInsertStatement(SluiceSqlParser.InsertStatementContext context) {
    return insert(context.insert());
  }

  private Statement insert(SluiceSqlParser.InsertContext context) {
    return new Statement.Insert(names(context.qualifiedName()), columns(context.columnAliases()),
        nodes.visit(context.query()), Positions.of(context));
  }

  @Override
  public Statement visitCreateTable(SluiceSqlParser.CreateTableContext context) {
    List<Statement.ColumnDefinition> columns = new ArrayList<>();
    Statement.WatermarkDefinition watermark = null;
    List<String> primaryKey = List.of();
    for (SluiceSqlParser.TableElementContext element : context.tableElement()) {
      if (element instanceof SluiceSqlParser.ColumnDefinitionContext computed && computed.function != null) {
        if (!SqlNodeBuilder.identifierText(computed.function).equalsIgnoreCase("PROCTIME")) {
          throw error(computed, "a computed column can only be PROCTIME(), the processing-time attribute");
        }
        SqlParserPos pos = Positions.of(computed);
        columns.add(new Statement.ColumnDefinition(
            SqlNodeBuilder.identifierText(computed.identifier(0)),
            new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP, 3, pos), pos).withNullable(false),
            computed.comment == null ? null : SqlNodeBuilder.string(computed.comment),
            null, true, pos, true));
      } else if (element instanceof SluiceSqlParser.ColumnDefinitionContext column) {
        // Columns are nullable unless declared NOT NULL, so the type always says which.
        var type = nodes.dataType(column.type());
        columns.add(new Statement.ColumnDefinition(
            SqlNodeBuilder.identifierText(column.identifier(0)),
            type.getNullable() == null ? type.withNullable(true) : type,
            column.comment == null ? null : SqlNodeBuilder.string(column.comment),
            metadataKey(column),
            column.VIRTUAL() != null,
            Positions.of(column)));
      } else if (element instanceof SluiceSqlParser.WatermarkDefinitionContext definition) {
        if (watermark != null) {
          throw error(definition, "a table has at most one WATERMARK");
        }
        watermark = new Statement.WatermarkDefinition(SqlNodeBuilder.identifierText(definition.identifier()),
            nodes.visit(definition.expression()), Positions.of(definition));
      } else {
        SluiceSqlParser.PrimaryKeyDefinitionContext key = (SluiceSqlParser.PrimaryKeyDefinitionContext) element;
        if (!primaryKey.isEmpty()) {
          throw error(key, "a table has at most one PRIMARY KEY");
        }
        primaryKey = columns(key.columnAliases());
      }
    }
    return new Statement.CreateTable(names(context.qualifiedName()), context.EXISTS() != null, columns, watermark,
        primaryKey, properties(context.properties()), Positions.of(context));
  }

  private static String metadataKey(SluiceSqlParser.ColumnDefinitionContext column) {
    if (column.METADATA() == null) {
      return null;
    }
    return column.metadataKey == null
        ? SqlNodeBuilder.identifierText(column.identifier(0))
        : SqlNodeBuilder.string(column.metadataKey);
  }

  @Override
  public Statement visitCreateView(SluiceSqlParser.CreateViewContext context) {
    SluiceSqlParser.QueryContext query = context.query();
    String sql = text.getText(Interval.of(query.getStart().getStartIndex(), query.getStop().getStopIndex()));
    return new Statement.CreateView(names(context.qualifiedName()), context.EXISTS() != null,
        context.REPLACE() != null, columns(context.columnAliases()), nodes.visit(query), sql, Positions.of(context));
  }

  @Override
  public Statement visitCreateFunction(SluiceSqlParser.CreateFunctionContext context) {
    if (context.LANGUAGE() != null && !context.identifier().getText().equalsIgnoreCase("JAVA")) {
      throw error(context.identifier(), "unsupported function language '" + context.identifier().getText()
          + "'; only JAVA is supported");
    }
    return new Statement.CreateFunction(names(context.qualifiedName()), context.EXISTS() != null,
        SqlNodeBuilder.string(context.className), context.jar == null ? null : SqlNodeBuilder.string(context.jar),
        Positions.of(context));
  }

  @Override
  public Statement visitCreateModel(SluiceSqlParser.CreateModelContext context) {
    return new Statement.CreateModel(names(context.qualifiedName()), context.EXISTS() != null,
        properties(context.properties()), Positions.of(context));
  }

  @Override
  public Statement visitCreateModelAs(SluiceSqlParser.CreateModelAsContext context) {
    return new Statement.CreateModelAs(names(context.qualifiedName()), context.EXISTS() != null,
        context.properties() == null ? java.util.Map.of() : properties(context.properties()), nodes.visit(context.query()),
        Positions.of(context));
  }

  @Override
  public Statement visitDrop(SluiceSqlParser.DropContext context) {
    return new Statement.Drop(kind(context.objectKind()), names(context.qualifiedName()), context.EXISTS() != null,
        Positions.of(context));
  }

  @Override
  public Statement visitShow(SluiceSqlParser.ShowContext context) {
    Statement.ObjectKind kind = switch (context.kind.getType()) {
      case SluiceSqlLexer.TABLES -> Statement.ObjectKind.TABLE;
      case SluiceSqlLexer.VIEWS -> Statement.ObjectKind.VIEW;
      case SluiceSqlLexer.FUNCTIONS -> Statement.ObjectKind.FUNCTION;
      case SluiceSqlLexer.MODELS -> Statement.ObjectKind.MODEL;
      default -> Statement.ObjectKind.JOB;
    };
    return new Statement.Show(kind, Positions.of(context));
  }

  @Override
  public Statement visitDescribe(SluiceSqlParser.DescribeContext context) {
    Statement.ObjectKind kind = context.objectKind() == null ? Statement.ObjectKind.TABLE : kind(context.objectKind());
    return new Statement.Describe(kind, names(context.qualifiedName()), Positions.of(context));
  }

  @Override
  public Statement visitSet(SluiceSqlParser.SetContext context) {
    return context.key == null
        ? new Statement.Set(null, null, Positions.of(context))
        : new Statement.Set(SqlNodeBuilder.string(context.key), SqlNodeBuilder.string(context.value),
            Positions.of(context));
  }

  @Override
  public Statement visitReset(SluiceSqlParser.ResetContext context) {
    return new Statement.Reset(context.key == null ? null : SqlNodeBuilder.string(context.key),
        Positions.of(context));
  }

  private static Statement.ObjectKind kind(SluiceSqlParser.ObjectKindContext context) {
    return switch (context.getStart().getType()) {
      case SluiceSqlLexer.TABLE -> Statement.ObjectKind.TABLE;
      case SluiceSqlLexer.VIEW -> Statement.ObjectKind.VIEW;
      case SluiceSqlLexer.FUNCTION -> Statement.ObjectKind.FUNCTION;
      default -> Statement.ObjectKind.MODEL;
    };
  }

  private Map<String, String> properties(SluiceSqlParser.PropertiesContext context) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (context == null) {
      return properties;
    }
    for (SluiceSqlParser.PropertyContext property : context.property()) {
      String key = SqlNodeBuilder.string(property.key);
      if (properties.putIfAbsent(key, SqlNodeBuilder.string(property.value)) != null) {
        throw error(property, "duplicate option '" + key + "'");
      }
    }
    return properties;
  }

  private static List<String> names(SluiceSqlParser.QualifiedNameContext context) {
    List<String> names = new ArrayList<>();
    for (SluiceSqlParser.IdentifierContext part : context.identifier()) {
      names.add(SqlNodeBuilder.identifierText(part));
    }
    return names;
  }

  private static List<String> columns(SluiceSqlParser.ColumnAliasesContext context) {
    List<String> columns = new ArrayList<>();
    if (context != null) {
      for (SluiceSqlParser.IdentifierContext column : context.identifier()) {
        columns.add(SqlNodeBuilder.identifierText(column));
      }
    }
    return columns;
  }

  private RuntimeException error(ParserRuleContext context, String message) {
    return source.error(message, context.getStart().getLine(), context.getStart().getCharPositionInLine() + 1);
  }
}
