package io.sluice.planner;

import static java.util.Objects.requireNonNull;

import io.sluice.parser.Statement;
import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.MetadataColumn;
import io.sluice.plan.Field;
import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanNode;
import io.sluice.plan.PlanPrinter;
import io.sluice.plan.Schema;
import io.sluice.plan.RowKind;
import io.sluice.plan.SinkSpec;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WatermarkSpec;
import io.sluice.planner.ml.MlFunctions;
import io.sluice.planner.physical.PhysicalLowering;
import io.sluice.planner.physical.RexToExpr;
import io.sluice.planner.rel.SluiceFieldTrimmer;
import io.sluice.planner.rel.TemporalJoins;
import io.sluice.planner.validate.ValidationErrors;
import io.sluice.planner.window.WindowOperatorTable;
import io.sluice.planner.window.WindowRewriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;

/**
 * The planner facade: validates statements against the {@link Catalog}, converts queries to
 * relational algebra, runs the {@link PlannerPhase}s and lowers the result to a
 * {@link PhysicalPlan}. One instance per session; not thread-safe.
 */
public final class SluicePlanner {
  /** Parses the text of a view's query when the view is expanded. */
  @FunctionalInterface
  public interface QueryParser {
    SqlNode parseQuery(String sql);
  }

  /** A planned query: the optimised relational plan (for EXPLAIN) and what the runtime runs. */
  public record Planned(RelNode logical, PhysicalPlan physical) {
    /** EXPLAIN's text: the optimised logical plan, then the physical plan. */
    public String explain() {
      return "== Logical Plan ==\n" + RelOptUtil.toString(logical).stripTrailing()
          + "\n\n== Physical Plan ==\n" + PlanPrinter.print(physical).stripTrailing() + "\n";
    }
  }

  /** The connectors whose sinks accept changelog rows (the others can only append). */
  private static final Set<String> CHANGELOG_CONNECTORS = Set.of("print", "blackhole");

  private static final SqlOperatorTable OPERATORS = new WindowOperatorTable(SqlOperatorTables.chain(
      SqlStdOperatorTable.instance(),
      SqlOperatorTables.of(SqlLibraryOperators.CONCAT_FUNCTION, WindowRewriter.SESSION_END_MARKER,
          ProcTimeFunction.INSTANCE, ApproxPercentileFunction.INSTANCE, FirstLastValueFunction.FIRST_VALUE,
          FirstLastValueFunction.LAST_VALUE)));

  private static final List<String> BUILTIN_FUNCTIONS = List.of(
      "ABS", "APPROX_COUNT_DISTINCT", "APPROX_PERCENTILE", "AVG", "CAST", "CEIL", "CHAR_LENGTH", "COALESCE", "CONCAT", "COUNT",
      "CUMULATE", "CURRENT_TIMESTAMP", "EXP", "EXTRACT", "FIRST_VALUE", "FLOOR", "HOP", "INITCAP", "LAST_VALUE", "LN", "LOCALTIMESTAMP", "LOG10",
      "LOWER", "MAX", "MIN", "MOD", "NULLIF", "POSITION", "POWER", "PROCTIME", "REPLACE", "ROUND", "SESSION", "SQRT",
      "STDDEV_POP", "STDDEV_SAMP", "SUBSTRING", "SUM", "TIMESTAMPADD", "TIMESTAMPDIFF", "TRIM", "TUMBLE", "UPPER",
      "VAR_POP", "VAR_SAMP");

  private final Catalog catalog;
  private final QueryParser parser;
  private final Map<String, String> sessionOptions;
  private final JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(SluiceTypeSystem.INSTANCE);

  public SluicePlanner(Catalog catalog, QueryParser parser) {
    this(catalog, parser, Map.of());
  }

  /** A planner reading {@link #RUNTIME_MODE_OPTION} from the session options each time it plans. */
  public SluicePlanner(Catalog catalog, QueryParser parser, Map<String, String> sessionOptions) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.parser = requireNonNull(parser, "parser is null");
    this.sessionOptions = requireNonNull(sessionOptions, "sessionOptions is null");
  }

  /**
   * Flink's option: {@code 'streaming'} processes every input as a stream, so aggregations and
   * outer joins over finite inputs emit changelogs as rows arrive (as Flink's streaming mode
   * does); {@code 'automatic'} (the default) gives final results when all inputs are finite.
   */
  public static final String RUNTIME_MODE_OPTION = "execution.runtime-mode";

  private boolean streamingMode() {
    String mode = sessionOptions.getOrDefault(RUNTIME_MODE_OPTION, "automatic").toLowerCase(java.util.Locale.ROOT);
    return switch (mode) {
      case "streaming" -> true;
      case "automatic" -> false;
      default -> throw new PlanningException("Option '" + RUNTIME_MODE_OPTION + "' is '" + mode
          + "'; use 'streaming' or 'automatic'");
    };
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The built-in functions the runtime executes, sorted, for SHOW FUNCTIONS. */
  public List<String> builtinFunctionNames() {
    return java.util.stream.Stream.concat(BUILTIN_FUNCTIONS.stream(), MlFunctions.NAMES.stream()).sorted().toList();
  }

  /** Plans a query whose rows go back to the client. */
  public Planned planQuery(SqlNode query) {
    Session session = new Session(catalog);
    RelNode rel = session.toRel(query);
    return session.finish(rel, new SinkSpec.Result());
  }

  /** Plans {@code INSERT INTO}: the query, cast to the table's columns, feeding its connector. */
  public Planned planInsert(Statement.Insert insert) {
    TableSpec table = catalog.table(insert.table().get(insert.table().size() - 1))
        .orElseThrow(() -> unknownTable(insert.table(), insert.position()));
    SqlNodeList columns = new SqlNodeList(insert.position());
    for (String column : insertColumns(table, insert)) {
      columns.add(new SqlIdentifier(column, insert.position()));
    }
    SqlInsert sqlInsert = new SqlInsert(insert.position(), SqlNodeList.EMPTY,
        new SqlIdentifier(insert.table(), insert.position()), insert.query(), columns.isEmpty() ? null : columns);
    Session session = new Session(catalog);
    RelNode rel = session.toRel(sqlInsert);
    if (!(rel instanceof TableModify modify)) {
      throw new IllegalStateException("INSERT converted to " + rel.getRelTypeName());
    }
    return session.finish(modify.getInput(), new SinkSpec.Table(table));
  }

  /**
   * The target columns of an INSERT: those named, or else every column except the virtual
   * metadata ones (which the sink cannot write; Calcite fills them with NULL).
   */
  private static List<String> insertColumns(TableSpec table, Statement.Insert insert) {
    if (!insert.columns().isEmpty() || table.metadata().stream().noneMatch(MetadataColumn::virtual)) {
      return insert.columns();
    }
    List<String> columns = new ArrayList<>();
    for (int c = 0; c < table.schema().size(); c++) {
      MetadataColumn metadata = table.metadataOf(c);
      if (metadata == null || !metadata.virtual()) {
        columns.add(table.schema().field(c).name());
      }
    }
    return columns;
  }

  /** Validates a CREATE TABLE and returns the table it declares (the caller adds it to the catalog). */
  public TableSpec createTable(Statement.CreateTable ddl) {
    String name = ddl.name().get(ddl.name().size() - 1);
    Session session = new Session(catalog);
    List<Field> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> primaryKey = new HashSet<>(ddl.primaryKey());
    List<MetadataColumn> metadata = new ArrayList<>();
    String procTime = null;
    for (Statement.ColumnDefinition column : ddl.columns()) {
      if (column.procTime()) {
        if (procTime != null || !seen.add(column.name())) {
          throw positioned("Table '" + name + "' declares column '" + column.name() + "' twice, or a second "
              + "PROCTIME() column; it can have one", column.position());
        }
        procTime = column.name();
        continue;
      }
      if (column.metadataKey() != null) {
        metadata.add(new MetadataColumn(fields.size(), column.metadataKey(), column.virtual()));
      }
      if (!seen.add(column.name())) {
        throw positioned("Column '" + column.name() + "' is declared twice", column.position());
      }
      RelDataType type = session.run(() -> column.type().deriveType(session.validator));
      DataType dataType = TypeConverter.toDataType(type);
      if (primaryKey.contains(column.name())) {
        dataType = dataType.withNullable(false);
      }
      fields.add(new Field(column.name(), dataType));
    }
    for (String key : ddl.primaryKey()) {
      if (!seen.contains(key)) {
        throw positioned("PRIMARY KEY column '" + key + "' is not a column of table '" + name + "'", ddl.position());
      }
    }
    Schema schema = new Schema(fields);
    Map<String, String> options = new LinkedHashMap<>(ddl.options());
    TableSpec table = new TableSpec(name, schema, options, null, ddl.primaryKey(), metadata, procTime);
    if (ddl.watermark() == null) {
      return table;
    }
    return new TableSpec(name, schema, options, watermark(table, ddl.watermark()), ddl.primaryKey(), metadata,
        procTime);
  }

  private WatermarkSpec watermark(TableSpec table, Statement.WatermarkDefinition definition) {
    int column = table.schema().indexOf(definition.column());
    if (column < 0) {
      throw positioned("WATERMARK FOR column '" + definition.column() + "' is not a column of table '"
          + table.name() + "'", definition.position());
    }
    if (table.schema().type(column).kind() != TypeKind.TIMESTAMP) {
      throw positioned("WATERMARK FOR column '" + definition.column() + "' must be a TIMESTAMP, not "
          + table.schema().type(column), definition.position());
    }
    // Validate the expression as a projection over the table alone.
    Catalog alone = new Catalog();
    alone.putTable(table);
    SqlSelect select = new SqlSelect(definition.position(), null,
        SqlNodeList.of(definition.expression()), new SqlIdentifier(table.name(), definition.position()),
        null, null, null, null, null, null, null, null, null);
    Session session = new Session(alone);
    RelNode rel = session.toRel(select);
    if (!(rel instanceof Project project)) {
      throw new IllegalStateException("watermark expression converted to " + rel.getRelTypeName());
    }
    ExprSpec expression = new RexToExpr(session.rexBuilder).convert(project.getProjects().get(0));
    if (expression.type().kind() != TypeKind.TIMESTAMP) {
      throw positioned("WATERMARK expression must return a TIMESTAMP, not " + expression.type(),
          definition.expression().getParserPosition());
    }
    return new WatermarkSpec(column, expression, definition.expression().toString());
  }

  /** Validates a CREATE VIEW and returns the view it declares (the caller adds it to the catalog). */
  public Catalog.View createView(Statement.CreateView ddl) {
    String name = ddl.name().get(ddl.name().size() - 1);
    Session session = new Session(catalog);
    // Validate a fresh parse: validation rewrites the tree it is given.
    SqlNode query = parser.parseQuery(ddl.sql());
    RelDataType rowType = session.run(() -> session.validator.validate(query) == null ? null
        : session.validator.getValidatedNodeType(query));
    Schema schema = TypeConverter.toSchema(rowType);
    if (!ddl.columns().isEmpty()) {
      if (ddl.columns().size() != schema.size()) {
        throw positioned("View '" + name + "' names " + ddl.columns().size() + " columns but its query returns "
            + schema.size(), ddl.position());
      }
      List<Field> renamed = new ArrayList<>();
      for (int i = 0; i < schema.size(); i++) {
        renamed.add(new Field(ddl.columns().get(i), schema.type(i)));
      }
      schema = new Schema(renamed);
    }
    return new Catalog.View(name, ddl.query(), ddl.sql(), schema);
  }

  private static PlanningException unknownTable(List<String> name, SqlParserPos pos) {
    return positioned("Table '" + String.join(".", name) + "' not found", pos);
  }

  private static PlanningException positioned(String message, SqlParserPos pos) {
    return new PlanningException(message, pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(),
        pos.getEndColumnNum(), null);
  }

  /** The Calcite objects of one planning request, sharing one cluster so views expand in place. */
  private final class Session implements RelOptTable.ViewExpander {
    final Catalog scope;
    final CalciteCatalogReader catalogReader;
    final SqlValidator validator;
    final RexBuilder rexBuilder = new RexBuilder(typeFactory);
    final RelOptCluster cluster;

    Session(Catalog scope) {
      this.scope = scope;
      CalciteSchema root = CalciteSchema.createRootSchema(false, false, "", new CatalogSchema(scope));
      Properties properties = new Properties();
      properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
      CalciteConnectionConfig config = new CalciteConnectionConfigImpl(properties);
      this.catalogReader = new CalciteCatalogReader(root, List.of(), typeFactory, config);
      this.validator = newValidator();
      HepPlanner planner = new HepPlanner(HepProgram.builder().build());
      planner.setExecutor(RexUtil.EXECUTOR);
      this.cluster = RelOptCluster.create(planner, rexBuilder);
    }

    SqlValidator newValidator() {
      return SqlValidatorUtil.newValidator(
          SqlOperatorTables.chain(OPERATORS, new UserOperatorTable(scope), MlFunctions.operatorTable(scope)),
          catalogReader, typeFactory,
          SqlValidator.Config.DEFAULT
              .withIdentifierExpansion(true)
              // As in Flink, NULL sorts as the smallest value: first ascending, last descending.
              .withDefaultNullCollation(org.apache.calcite.config.NullCollation.LOW)
              .withConformance(SqlConformanceEnum.LENIENT));
    }

    /** Validates and converts a query or INSERT, with errors for people. */
    RelNode toRel(SqlNode node) {
      return run(() -> convert(validator, node).project());
    }

    private RelRoot convert(SqlValidator sqlValidator, SqlNode node) {
      SqlNode validated = sqlValidator.validate(WindowRewriter.rewrite(node));
      SqlToRelConverter converter = new SqlToRelConverter(this, sqlValidator, catalogReader, cluster,
          StandardConvertletTable.INSTANCE,
          SqlToRelConverter.config().withTrimUnusedFields(true).withExpand(false)) {
        @Override
        protected RelFieldTrimmer newFieldTrimmer() {
          return new SluiceFieldTrimmer(sqlValidator, RelFactories.LOGICAL_BUILDER.create(cluster, catalogReader));
        }
      };
      RelRoot root = converter.convertQuery(validated, false, true);
      // Temporal joins are rewritten first so that they name the version time column they read,
      // then the columns no operator reads are dropped, so that scans decode and joins keep only those.
      RelNode rel = TemporalJoins.rewrite(root.rel);
      return root.withRel(converter.trimUnusedFields(true, rel));
    }

    @Override
    public RelRoot expandView(RelDataType rowType, String queryString, List<String> schemaPath,
        List<String> viewPath) {
      SqlNode query = parser.parseQuery(queryString);
      RelRoot root = convert(newValidator(), query);
      RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(cluster, catalogReader);
      RelNode renamed = builder.push(root.project()).rename(rowType.getFieldNames()).build();
      return RelRoot.of(renamed, root.kind);
    }

    /** Runs the phases and lowers the plan. */
    Planned finish(RelNode converted, SinkSpec sink) {
      RelNode rel = phase(converted, PlannerPhase.SUBQUERY_REMOVAL);
      rel = RelDecorrelator.decorrelateQuery(rel, RelFactories.LOGICAL_BUILDER.create(cluster, catalogReader));
      rel = phase(rel, PlannerPhase.OVER_WINDOWS);
      rel = phase(rel, PlannerPhase.LOGICAL_REWRITE);
      rel = phase(rel, PlannerPhase.SOURCE_PUSHDOWN);
      PlanNode root = new PhysicalLowering(new RexToExpr(rexBuilder), rexBuilder, streamingMode(), sessionOptions)
          .lower(rel);
      checkSinkAcceptsChangelog(root, sink);
      return new Planned(rel, new PhysicalPlan(root, sink));
    }

    /** Refuses to write a changelog into a table whose connector can only append rows. */
    private static void checkSinkAcceptsChangelog(PlanNode root, SinkSpec sink) {
      if (sink instanceof SinkSpec.Table table && RowKind.isChangelog(root.schema())
          && !CHANGELOG_CONNECTORS.contains(table.table().connector())) {
        throw new PlanningException("Table '" + table.table().name() + "' (connector '" + table.table().connector()
            + "') is append-only, but the query produces a changelog (+I, -U, +U, -D rows) because it aggregates"
            + " unbounded input without a window; write it to a 'print' or 'blackhole' table, or aggregate"
            + " in a window (TUMBLE, HOP, SESSION or CUMULATE)");
      }
    }

    private RelNode phase(RelNode rel, PlannerPhase phase) {
      HepPlanner planner = new HepPlanner(HepProgram.builder().addRuleCollection(phase.rules()).build());
      planner.setExecutor(RexUtil.EXECUTOR);
      planner.setRoot(rel);
      return planner.findBestExp();
    }

    <T> T run(java.util.function.Supplier<T> step) {
      try {
        return step.get();
      } catch (CalciteContextException e) {
        throw ValidationErrors.translate(e, scope);
      } catch (CalciteException e) {
        throw new PlanningException(e.getMessage(), 0, 0, 0, 0, e);
      }
    }
  }
}
