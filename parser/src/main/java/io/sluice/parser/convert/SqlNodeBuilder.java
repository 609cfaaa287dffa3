package io.sluice.parser.convert;

import static java.util.Objects.requireNonNull;

import io.sluice.grammar.SluiceSqlBaseVisitor;
import io.sluice.grammar.SluiceSqlLexer;
import io.sluice.grammar.SluiceSqlParser;
import io.sluice.parser.error.SourceText;
import io.sluice.parser.error.SqlSyntaxException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlMapTypeNameSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlRowTypeNameSpec;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A parse-tree visitor that builds the Calcite {@link SqlNode} for queries, expressions and data types,
 * mirroring the node shapes Calcite's own parser produces so that Calcite's validator treats both alike.
 *
 * <p>Unquoted identifiers keep their case (as in Flink); function names are upper-cased so that Calcite's
 * operator table finds built-in functions.
 */
final class SqlNodeBuilder extends SluiceSqlBaseVisitor<SqlNode> {
  private final SourceText source;

  SqlNodeBuilder(SourceText source) {
    this.source = requireNonNull(source, "source is null");
  }

  // Queries -------------------------------------------------------------------------------------

  @Override
  public SqlNode visitQuery(SluiceSqlParser.QueryContext context) {
    SqlNode query = visit(context.queryTerm());
    if (context.with() != null) {
      List<SqlNode> items = new ArrayList<>();
      for (SluiceSqlParser.NamedQueryContext named : context.with().namedQuery()) {
        items.add(new SqlWithItem(
            Positions.of(named), identifier(named.identifier()), columnList(named.columnAliases()),
            visit(named.query())));
      }
      query = new SqlWith(Positions.of(context), new SqlNodeList(items, Positions.of(context.with())), query);
    }
    SqlNode fetch = context.limit != null ? visit(context.limit) : context.fetch != null ? visit(context.fetch) : null;
    SqlNode offset = context.offset != null ? visit(context.offset) : null;
    if (context.sortItem().isEmpty() && fetch == null && offset == null) {
      return query;
    }
    SqlNodeList orderList = context.sortItem().isEmpty() ? SqlNodeList.EMPTY
        : new SqlNodeList(visitAll(context.sortItem()), Positions.of(context.sortItem(0)));
    return new SqlOrderBy(Positions.of(context), query, orderList, offset, fetch);
  }

  @Override
  public SqlNode visitSetOperation(SluiceSqlParser.SetOperationContext context) {
    boolean all = context.setQuantifier() != null && context.setQuantifier().ALL() != null;
    SqlOperator operator = switch (context.operator.getType()) {
      case SluiceSqlLexer.UNION -> all ? SqlStdOperatorTable.UNION_ALL : SqlStdOperatorTable.UNION;
      case SluiceSqlLexer.INTERSECT -> all ? SqlStdOperatorTable.INTERSECT_ALL : SqlStdOperatorTable.INTERSECT;
      default -> all ? SqlStdOperatorTable.EXCEPT_ALL : SqlStdOperatorTable.EXCEPT;
    };
    return operator.createCall(Positions.of(context), visit(context.left), visit(context.right));
  }

  @Override
  public SqlNode visitInlineTable(SluiceSqlParser.InlineTableContext context) {
    List<SqlNode> rows = new ArrayList<>();
    for (SluiceSqlParser.ExpressionContext expression : context.expression()) {
      SqlNode row = visit(expression);
      // VALUES 1, 2 means two rows of one column each.
      rows.add(row.getKind() == SqlKind.ROW ? row : SqlStdOperatorTable.ROW.createCall(Positions.of(expression), row));
    }
    return SqlStdOperatorTable.VALUES.createCall(Positions.of(context), rows);
  }

  @Override
  public SqlNode visitSubquery(SluiceSqlParser.SubqueryContext context) {
    return visit(context.query());
  }

  @Override
  public SqlNode visitQuerySpecification(SluiceSqlParser.QuerySpecificationContext context) {
    SqlParserPos pos = Positions.of(context);
    List<SqlNode> keywords = new ArrayList<>();
    if (context.setQuantifier() != null) {
      SqlSelectKeyword keyword = context.setQuantifier().DISTINCT() != null
          ? SqlSelectKeyword.DISTINCT : SqlSelectKeyword.ALL;
      keywords.add(keyword.symbol(Positions.of(context.setQuantifier())));
    }
    SqlNodeList selectList = new SqlNodeList(visitAll(context.selectItem()), Positions.of(context.selectItem(0)));
    SqlNode from = context.relation() == null ? null : visit(context.relation());
    SqlNode where = context.where == null ? null : visit(context.where);
    SqlNodeList groupBy = context.GROUP() == null ? null
        : new SqlNodeList(visitAll(context.expression()), Positions.of(context.GROUP().getSymbol()));
    SqlNode having = context.having == null ? null : visit(context.having);
    SqlNodeList windows = new SqlNodeList(visitAll(context.windowDefinition()), pos);
    return new SqlSelect(pos, new SqlNodeList(keywords, pos), selectList, from, where, groupBy, having, windows,
        null, null, null, null, SqlNodeList.EMPTY);
  }

  @Override
  public SqlNode visitSelectAllFrom(SluiceSqlParser.SelectAllFromContext context) {
    SqlIdentifier prefix = identifier(context.qualifiedName());
    List<SqlParserPos> positions = new ArrayList<>();
    for (int i = 0; i < prefix.names.size(); i++) {
      positions.add(prefix.getComponentParserPosition(i));
    }
    positions.add(Positions.of(context.ASTERISK()));
    List<String> names = new ArrayList<>(prefix.names);
    // Calcite spells the star of a qualified star as an empty last name.
    names.add("");
    return SqlIdentifier.star(names, Positions.of(context), positions);
  }

  @Override
  public SqlNode visitSelectAll(SluiceSqlParser.SelectAllContext context) {
    return SqlIdentifier.star(Positions.of(context));
  }

  @Override
  public SqlNode visitSelectSingle(SluiceSqlParser.SelectSingleContext context) {
    SqlNode expression = visit(context.expression());
    if (context.identifier() == null) {
      return expression;
    }
    return SqlStdOperatorTable.AS.createCall(Positions.of(context), expression, identifier(context.identifier()));
  }

  // Relations -----------------------------------------------------------------------------------

  @Override
  public SqlNode visitCrossJoin(SluiceSqlParser.CrossJoinContext context) {
    return join(context, visit(context.left), JoinType.CROSS, visit(context.right), null);
  }

  @Override
  public SqlNode visitCommaJoin(SluiceSqlParser.CommaJoinContext context) {
    return join(context, visit(context.left), JoinType.COMMA, visit(context.right), null);
  }

  @Override
  public SqlNode visitJoin(SluiceSqlParser.JoinContext context) {
    SluiceSqlParser.JoinTypeContext type = context.joinType();
    JoinType joinType = type.LEFT() != null ? JoinType.LEFT
        : type.RIGHT() != null ? JoinType.RIGHT
        : type.FULL() != null ? JoinType.FULL
        : JoinType.INNER;
    return join(context, visit(context.left), joinType, visit(context.right), context.joinCriteria());
  }

  private SqlNode join(
      ParserRuleContext context, SqlNode left, JoinType type, SqlNode right,
      SluiceSqlParser.JoinCriteriaContext criteria) {
    SqlParserPos pos = Positions.of(context);
    JoinConditionType conditionType = JoinConditionType.NONE;
    SqlNode condition = null;
    if (criteria != null && criteria.ON() != null) {
      conditionType = JoinConditionType.ON;
      condition = visit(criteria.booleanExpression());
    } else if (criteria != null) {
      conditionType = JoinConditionType.USING;
      condition = new SqlNodeList(identifiers(criteria.identifier()), Positions.of(criteria));
    }
    return new SqlJoin(pos, left, SqlLiteral.createBoolean(false, pos), type.symbol(pos), right,
        conditionType.symbol(pos), condition);
  }

  @Override
  public SqlNode visitAliasedRelation(SluiceSqlParser.AliasedRelationContext context) {
    SqlNode relation = visit(context.relationPrimary());
    if (context.period != null) {
      relation = new SqlSnapshot(Positions.of(context), relation, visit(context.period));
    }
    if (context.identifier() == null) {
      return relation;
    }
    List<SqlNode> operands = new ArrayList<>();
    operands.add(relation);
    operands.add(identifier(context.identifier()));
    if (context.columnAliases() != null) {
      operands.addAll(identifiers(context.columnAliases().identifier()));
    }
    return SqlStdOperatorTable.AS.createCall(Positions.of(context), operands);
  }

  @Override
  public SqlNode visitTableName(SluiceSqlParser.TableNameContext context) {
    return identifier(context.qualifiedName());
  }

  @Override
  public SqlNode visitSubqueryRelation(SluiceSqlParser.SubqueryRelationContext context) {
    SqlNode query = visit(context.query());
    return context.LATERAL() == null ? query : SqlStdOperatorTable.LATERAL.createCall(Positions.of(context), query);
  }

  @Override
  public SqlNode visitTableFunction(SluiceSqlParser.TableFunctionContext context) {
    SqlParserPos pos = Positions.of(context);
    SqlNode call = namedFunctionCall(context.functionCall());
    SqlNode table = SqlStdOperatorTable.COLLECTION_TABLE.createCall(pos, call);
    return context.LATERAL() == null ? table : SqlStdOperatorTable.LATERAL.createCall(pos, table);
  }

  @Override
  public SqlNode visitUnnest(SluiceSqlParser.UnnestContext context) {
    SqlOperator operator = context.ORDINALITY() == null
        ? SqlStdOperatorTable.UNNEST : SqlStdOperatorTable.UNNEST_WITH_ORDINALITY;
    return operator.createCall(Positions.of(context), visitAll(context.expression()));
  }

  @Override
  public SqlNode visitParenthesizedRelation(SluiceSqlParser.ParenthesizedRelationContext context) {
    return visit(context.relation());
  }

  @Override
  public SqlNode visitSortItem(SluiceSqlParser.SortItemContext context) {
    SqlParserPos pos = Positions.of(context);
    SqlNode item = visit(context.expression());
    if (context.ordering != null && context.ordering.getType() == SluiceSqlLexer.DESC) {
      item = SqlStdOperatorTable.DESC.createCall(pos, item);
    }
    if (context.nullOrdering != null) {
      SqlOperator nulls = context.nullOrdering.getType() == SluiceSqlLexer.FIRST
          ? SqlStdOperatorTable.NULLS_FIRST : SqlStdOperatorTable.NULLS_LAST;
      item = nulls.createCall(pos, item);
    }
    return item;
  }

  // Windows -------------------------------------------------------------------------------------

  @Override
  public SqlNode visitWindowDefinition(SluiceSqlParser.WindowDefinitionContext context) {
    SqlWindow window = (SqlWindow) visit(context.windowSpecification());
    window.setDeclName(identifier(context.identifier()));
    return window;
  }

  @Override
  public SqlNode visitWindowSpecification(SluiceSqlParser.WindowSpecificationContext context) {
    SqlParserPos pos = Positions.of(context);
    SqlIdentifier existing = context.existing == null ? null : identifier(context.existing);
    SqlNodeList partitions = new SqlNodeList(visitAll(context.partition), pos);
    SqlNodeList orderList = new SqlNodeList(visitAll(context.sortItem()), pos);
    SqlLiteral isRows = SqlLiteral.createBoolean(false, pos);
    SqlNode lower = null;
    SqlNode upper = null;
    SluiceSqlParser.WindowFrameContext frame = context.windowFrame();
    if (frame != null) {
      isRows = SqlLiteral.createBoolean(frame.frameType.getType() == SluiceSqlLexer.ROWS,
          Positions.of(frame.frameType));
      lower = visit(frame.lower);
      upper = frame.upper == null ? null : visit(frame.upper);
    }
    return SqlWindow.create(null, existing, partitions, orderList, isRows, lower, upper, null, pos);
  }

  @Override
  public SqlNode visitUnboundedFrame(SluiceSqlParser.UnboundedFrameContext context) {
    return context.boundType.getType() == SluiceSqlLexer.PRECEDING
        ? SqlWindow.createUnboundedPreceding(Positions.of(context))
        : SqlWindow.createUnboundedFollowing(Positions.of(context));
  }

  @Override
  public SqlNode visitCurrentRowBound(SluiceSqlParser.CurrentRowBoundContext context) {
    return SqlWindow.createCurrentRow(Positions.of(context));
  }

  @Override
  public SqlNode visitBoundedFrame(SluiceSqlParser.BoundedFrameContext context) {
    SqlNode offset = visit(context.valueExpression());
    return context.boundType.getType() == SluiceSqlLexer.PRECEDING
        ? SqlWindow.createPreceding(offset, Positions.of(context))
        : SqlWindow.createFollowing(offset, Positions.of(context));
  }

  // Boolean expressions and predicates ----------------------------------------------------------

  @Override
  public SqlNode visitExpression(SluiceSqlParser.ExpressionContext context) {
    return visit(context.booleanExpression());
  }

  @Override
  public SqlNode visitLogicalNot(SluiceSqlParser.LogicalNotContext context) {
    return SqlStdOperatorTable.NOT.createCall(Positions.of(context), visit(context.booleanExpression()));
  }

  @Override
  public SqlNode visitAnd(SluiceSqlParser.AndContext context) {
    return SqlStdOperatorTable.AND.createCall(Positions.of(context), visit(context.left), visit(context.right));
  }

  @Override
  public SqlNode visitOr(SluiceSqlParser.OrContext context) {
    return SqlStdOperatorTable.OR.createCall(Positions.of(context), visit(context.left), visit(context.right));
  }

  @Override
  public SqlNode visitPredicated(SluiceSqlParser.PredicatedContext context) {
    SqlNode value = visit(context.valueExpression());
    return context.predicate() == null ? value : predicate(context.predicate(), value, Positions.of(context));
  }

  private SqlNode predicate(SluiceSqlParser.PredicateContext predicate, SqlNode value, SqlParserPos pos) {
    if (predicate instanceof SluiceSqlParser.ComparisonContext comparison) {
      SqlOperator operator = switch (comparison.comparisonOperator().getStart().getType()) {
        case SluiceSqlLexer.EQ -> SqlStdOperatorTable.EQUALS;
        case SluiceSqlLexer.NEQ, SluiceSqlLexer.BANG_NEQ -> SqlStdOperatorTable.NOT_EQUALS;
        case SluiceSqlLexer.LT -> SqlStdOperatorTable.LESS_THAN;
        case SluiceSqlLexer.LTE -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
        case SluiceSqlLexer.GT -> SqlStdOperatorTable.GREATER_THAN;
        default -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
      };
      return operator.createCall(pos, value, visit(comparison.right));
    }
    if (predicate instanceof SluiceSqlParser.BetweenContext between) {
      boolean not = between.NOT() != null;
      SqlOperator operator = between.SYMMETRIC() != null
          ? (not ? SqlStdOperatorTable.SYMMETRIC_NOT_BETWEEN : SqlStdOperatorTable.SYMMETRIC_BETWEEN)
          : (not ? SqlStdOperatorTable.NOT_BETWEEN : SqlStdOperatorTable.BETWEEN);
      return operator.createCall(pos, value, visit(between.lower), visit(between.upper));
    }
    if (predicate instanceof SluiceSqlParser.InSubqueryContext in) {
      SqlOperator operator = in.NOT() == null ? SqlStdOperatorTable.IN : SqlStdOperatorTable.NOT_IN;
      return operator.createCall(pos, value, visit(in.query()));
    }
    if (predicate instanceof SluiceSqlParser.InListContext in) {
      SqlOperator operator = in.NOT() == null ? SqlStdOperatorTable.IN : SqlStdOperatorTable.NOT_IN;
      return operator.createCall(pos, value, new SqlNodeList(visitAll(in.expression()), Positions.of(in)));
    }
    if (predicate instanceof SluiceSqlParser.LikeContext like) {
      SqlOperator operator = like.NOT() == null ? SqlStdOperatorTable.LIKE : SqlStdOperatorTable.NOT_LIKE;
      return patternCall(operator, pos, value, like.pattern, like.escape);
    }
    if (predicate instanceof SluiceSqlParser.SimilarToContext similar) {
      SqlOperator operator = similar.NOT() == null
          ? SqlStdOperatorTable.SIMILAR_TO : SqlStdOperatorTable.NOT_SIMILAR_TO;
      return patternCall(operator, pos, value, similar.pattern, similar.escape);
    }
    if (predicate instanceof SluiceSqlParser.NullPredicateContext isNull) {
      SqlOperator operator = isNull.NOT() == null ? SqlStdOperatorTable.IS_NULL : SqlStdOperatorTable.IS_NOT_NULL;
      return operator.createCall(pos, value);
    }
    if (predicate instanceof SluiceSqlParser.TruthPredicateContext truth) {
      boolean not = truth.NOT() != null;
      SqlOperator operator = switch (truth.truth.getType()) {
        case SluiceSqlLexer.TRUE -> not ? SqlStdOperatorTable.IS_NOT_TRUE : SqlStdOperatorTable.IS_TRUE;
        case SluiceSqlLexer.FALSE -> not ? SqlStdOperatorTable.IS_NOT_FALSE : SqlStdOperatorTable.IS_FALSE;
        default -> not ? SqlStdOperatorTable.IS_NOT_UNKNOWN : SqlStdOperatorTable.IS_UNKNOWN;
      };
      return operator.createCall(pos, value);
    }
    SluiceSqlParser.DistinctFromContext distinct = (SluiceSqlParser.DistinctFromContext) predicate;
    SqlOperator operator = distinct.NOT() == null
        ? SqlStdOperatorTable.IS_DISTINCT_FROM : SqlStdOperatorTable.IS_NOT_DISTINCT_FROM;
    return operator.createCall(pos, value, visit(distinct.right));
  }

  private SqlNode patternCall(
      SqlOperator operator, SqlParserPos pos, SqlNode value, ParserRuleContext pattern, ParserRuleContext escape) {
    return escape == null
        ? operator.createCall(pos, value, visit(pattern))
        : operator.createCall(pos, value, visit(pattern), visit(escape));
  }

  // Value expressions ---------------------------------------------------------------------------

  @Override
  public SqlNode visitArithmeticUnary(SluiceSqlParser.ArithmeticUnaryContext context) {
    SqlNode operand = visit(context.valueExpression());
    boolean minus = context.operator.getType() == SluiceSqlLexer.MINUS_SIGN;
    if (minus && operand instanceof SqlNumericLiteral literal) {
      // Calcite folds the sign into a numeric literal; do the same so both parsers agree.
      return SqlLiteral.createNegative(literal, Positions.of(context));
    }
    SqlOperator operator = minus ? SqlStdOperatorTable.UNARY_MINUS : SqlStdOperatorTable.UNARY_PLUS;
    return operator.createCall(Positions.of(context), operand);
  }

  @Override
  public SqlNode visitArithmeticBinary(SluiceSqlParser.ArithmeticBinaryContext context) {
    SqlOperator operator = switch (context.operator.getType()) {
      case SluiceSqlLexer.ASTERISK -> SqlStdOperatorTable.MULTIPLY;
      case SluiceSqlLexer.SLASH -> SqlStdOperatorTable.DIVIDE;
      case SluiceSqlLexer.PERCENT -> SqlStdOperatorTable.PERCENT_REMAINDER;
      case SluiceSqlLexer.PLUS -> SqlStdOperatorTable.PLUS;
      default -> SqlStdOperatorTable.MINUS;
    };
    return operator.createCall(Positions.of(context), visit(context.left), visit(context.right));
  }

  @Override
  public SqlNode visitConcatenation(SluiceSqlParser.ConcatenationContext context) {
    return SqlStdOperatorTable.CONCAT.createCall(Positions.of(context), visit(context.left), visit(context.right));
  }

  // Literals ------------------------------------------------------------------------------------

  @Override
  public SqlNode visitNullLiteral(SluiceSqlParser.NullLiteralContext context) {
    return SqlLiteral.createNull(Positions.of(context));
  }

  @Override
  public SqlNode visitBooleanLiteral(SluiceSqlParser.BooleanLiteralContext context) {
    return SqlLiteral.createBoolean(context.TRUE() != null, Positions.of(context));
  }

  @Override
  public SqlNode visitIntegerLiteral(SluiceSqlParser.IntegerLiteralContext context) {
    String digits = context.getText();
    if (new BigInteger(digits).bitLength() > 63) {
      throw error(context.getStart(),
          "integer literal " + digits + " is out of range; the largest is " + Long.MAX_VALUE);
    }
    return SqlLiteral.createExactNumeric(digits, Positions.of(context));
  }

  @Override
  public SqlNode visitDecimalLiteral(SluiceSqlParser.DecimalLiteralContext context) {
    return SqlLiteral.createExactNumeric(context.getText(), Positions.of(context));
  }

  @Override
  public SqlNode visitDoubleLiteral(SluiceSqlParser.DoubleLiteralContext context) {
    return SqlLiteral.createApproxNumeric(context.getText(), Positions.of(context));
  }

  @Override
  public SqlNode visitStringLiteral(SluiceSqlParser.StringLiteralContext context) {
    return SqlLiteral.createCharString(string(context.string()), Positions.of(context));
  }

  @Override
  public SqlNode visitDatetimeLiteral(SluiceSqlParser.DatetimeLiteralContext context) {
    String value = string(context.string());
    SqlParserPos pos = Positions.of(context);
    try {
      return switch (context.kind.getType()) {
        case SluiceSqlLexer.DATE -> SqlParserUtil.parseDateLiteral(value, pos);
        case SluiceSqlLexer.TIME -> SqlParserUtil.parseTimeLiteral(value, pos);
        default -> SqlParserUtil.parseTimestampLiteral(value, pos);
      };
    } catch (CalciteContextException e) {
      throw error(context.string().getStart(), calciteMessage(e));
    }
  }

  @Override
  public SqlNode visitInterval(SluiceSqlParser.IntervalContext context) {
    SqlParserPos pos = Positions.of(context);
    String value = string(context.string());
    SqlIntervalQualifier qualifier = intervalQualifier(context.intervalQualifier());
    try {
      // Checked here so a malformed interval is reported like a syntax error, with its position.
      qualifier.evaluateIntervalLiteral(value, pos, RelDataTypeSystem.DEFAULT);
    } catch (CalciteContextException e) {
      throw error(context.string().getStart(), calciteMessage(e));
    }
    int sign = context.sign != null && context.sign.getType() == SluiceSqlLexer.MINUS_SIGN ? -1 : 1;
    return SqlLiteral.createInterval(sign, value, qualifier, pos);
  }

  /** Builds an interval qualifier such as {@code DAY(3) TO SECOND(6)}. */
  private SqlIntervalQualifier intervalQualifier(SluiceSqlParser.IntervalQualifierContext context) {
    TimeUnit start = timeUnit(context.from);
    TimeUnit end = context.to == null ? null : timeUnit(context.to);
    int startPrecision = context.precision == null
        ? RelDataType.PRECISION_NOT_SPECIFIED : Integer.parseInt(context.precision.getText());
    // SECOND(p, f) carries the fractional precision on the start unit; X TO SECOND(f) on the end unit.
    Token fraction = context.toFraction != null ? context.toFraction : context.fraction;
    int fractionalPrecision = fraction == null
        ? RelDataType.PRECISION_NOT_SPECIFIED : Integer.parseInt(fraction.getText());
    return new SqlIntervalQualifier(start, startPrecision, end, fractionalPrecision, Positions.of(context));
  }

  private TimeUnit timeUnit(SluiceSqlParser.TimeUnitContext context) {
    return TimeUnit.valueOf(context.getText().toUpperCase(Locale.ROOT));
  }

  // Special forms -------------------------------------------------------------------------------

  @Override
  public SqlNode visitSimpleCase(SluiceSqlParser.SimpleCaseContext context) {
    return caseNode(context, visit(context.operand), context.whenClause(), context.elseExpression);
  }

  @Override
  public SqlNode visitSearchedCase(SluiceSqlParser.SearchedCaseContext context) {
    return caseNode(context, null, context.whenClause(), context.elseExpression);
  }

  private SqlNode caseNode(
      ParserRuleContext context, SqlNode operand, List<SluiceSqlParser.WhenClauseContext> whens,
      SluiceSqlParser.ExpressionContext elseExpression) {
    SqlParserPos pos = Positions.of(context);
    List<SqlNode> conditions = new ArrayList<>();
    List<SqlNode> results = new ArrayList<>();
    for (SluiceSqlParser.WhenClauseContext when : whens) {
      conditions.add(visit(when.condition));
      results.add(visit(when.result));
    }
    return SqlCase.createSwitched(pos, operand, new SqlNodeList(conditions, pos), new SqlNodeList(results, pos),
        elseExpression == null ? null : visit(elseExpression));
  }

  @Override
  public SqlNode visitCast(SluiceSqlParser.CastContext context) {
    SqlOperator operator = context.kind.getType() == SluiceSqlLexer.CAST
        ? SqlStdOperatorTable.CAST : SqlLibraryOperators.TRY_CAST;
    return operator.createCall(Positions.of(context), visit(context.expression()), dataType(context.type()));
  }

  @Override
  public SqlNode visitExtract(SluiceSqlParser.ExtractContext context) {
    SqlIntervalQualifier unit = new SqlIntervalQualifier(timeUnit(context.timeUnit()), null,
        Positions.of(context.timeUnit()));
    return SqlStdOperatorTable.EXTRACT.createCall(Positions.of(context), unit, visit(context.valueExpression()));
  }

  @Override
  public SqlNode visitPosition(SluiceSqlParser.PositionContext context) {
    List<SqlNode> operands = new ArrayList<>(List.of(visit(context.needle), visit(context.haystack)));
    if (context.start != null) {
      operands.add(visit(context.start));
    }
    return SqlStdOperatorTable.POSITION.createCall(Positions.of(context), operands);
  }

  @Override
  public SqlNode visitSubstring(SluiceSqlParser.SubstringContext context) {
    List<SqlNode> operands = new ArrayList<>(List.of(visit(context.value), visit(context.from)));
    if (context.length != null) {
      operands.add(visit(context.length));
    }
    return SqlStdOperatorTable.SUBSTRING.createCall(Positions.of(context), operands);
  }

  @Override
  public SqlNode visitTrim(SluiceSqlParser.TrimContext context) {
    SqlParserPos pos = Positions.of(context);
    SqlTrimFunction.Flag flag = context.side == null ? SqlTrimFunction.Flag.BOTH
        : SqlTrimFunction.Flag.valueOf(context.side.getText().toUpperCase(Locale.ROOT));
    SqlNode characters = context.characters == null
        ? SqlLiteral.createCharString(" ", pos) : visit(context.characters);
    return SqlStdOperatorTable.TRIM.createCall(pos, flag.symbol(pos), characters, visit(context.trimSource));
  }

  @Override
  public SqlNode visitFloorCeilTo(SluiceSqlParser.FloorCeilToContext context) {
    SqlOperator operator = context.kind.getType() == SluiceSqlLexer.FLOOR
        ? SqlStdOperatorTable.FLOOR : SqlStdOperatorTable.CEIL;
    SqlIntervalQualifier unit = new SqlIntervalQualifier(timeUnit(context.timeUnit()), null,
        Positions.of(context.timeUnit()));
    return operator.createCall(Positions.of(context), visit(context.valueExpression()), unit);
  }

  @Override
  public SqlNode visitTimestampArithmetic(SluiceSqlParser.TimestampArithmeticContext context) {
    SqlOperator operator = context.kind.getType() == SluiceSqlLexer.TIMESTAMPADD
        ? SqlStdOperatorTable.TIMESTAMP_ADD : SqlStdOperatorTable.TIMESTAMP_DIFF;
    SqlIntervalQualifier unit = new SqlIntervalQualifier(timeUnit(context.timeUnit()), null,
        Positions.of(context.timeUnit()));
    return operator.createCall(Positions.of(context), unit, visit(context.first), visit(context.second));
  }

  @Override
  public SqlNode visitSpecialDateTimeFunction(SluiceSqlParser.SpecialDateTimeFunctionContext context) {
    // An identifier, as from Calcite's parser; the validator turns it into the niladic function call.
    return new SqlIdentifier(context.kind.getText().toUpperCase(Locale.ROOT), Positions.of(context));
  }

  @Override
  public SqlNode visitExists(SluiceSqlParser.ExistsContext context) {
    return SqlStdOperatorTable.EXISTS.createCall(Positions.of(context), visit(context.query()));
  }

  @Override
  public SqlNode visitSubqueryExpression(SluiceSqlParser.SubqueryExpressionContext context) {
    return visit(context.query());
  }

  @Override
  public SqlNode visitRowConstructor(SluiceSqlParser.RowConstructorContext context) {
    return SqlStdOperatorTable.ROW.createCall(Positions.of(context), visitAll(context.expression()));
  }

  @Override
  public SqlNode visitArrayConstructor(SluiceSqlParser.ArrayConstructorContext context) {
    return SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR.createCall(Positions.of(context),
        visitAll(context.expression()));
  }

  @Override
  public SqlNode visitMapConstructor(SluiceSqlParser.MapConstructorContext context) {
    return SqlStdOperatorTable.MAP_VALUE_CONSTRUCTOR.createCall(Positions.of(context),
        visitAll(context.expression()));
  }

  @Override
  public SqlNode visitDescriptor(SluiceSqlParser.DescriptorContext context) {
    return SqlStdOperatorTable.DESCRIPTOR.createCall(Positions.of(context), identifiers(context.identifier()));
  }

  @Override
  public SqlNode visitColumnReference(SluiceSqlParser.ColumnReferenceContext context) {
    return identifier(context.qualifiedName());
  }

  @Override
  public SqlNode visitParenthesizedExpression(SluiceSqlParser.ParenthesizedExpressionContext context) {
    return visit(context.expression());
  }

  @Override
  public SqlNode visitSubscript(SluiceSqlParser.SubscriptContext context) {
    return SqlStdOperatorTable.ITEM.createCall(Positions.of(context), visit(context.value), visit(context.index));
  }

  // Function calls ------------------------------------------------------------------------------

  @Override
  public SqlNode visitFunctionCallExpression(SluiceSqlParser.FunctionCallExpressionContext context) {
    SqlNode call = visit(context.functionCall());
    if (context.filter() != null) {
      call = SqlStdOperatorTable.FILTER.createCall(Positions.of(context), call,
          visit(context.filter().booleanExpression()));
    }
    SluiceSqlParser.OverContext over = context.over();
    if (over != null) {
      SqlNode window = over.identifier() != null ? identifier(over.identifier()) : visit(over.windowSpecification());
      call = SqlStdOperatorTable.OVER.createCall(Positions.of(context), call, window);
    }
    return call;
  }

  @Override
  public SqlNode visitStarFunctionCall(SluiceSqlParser.StarFunctionCallContext context) {
    return function(context.functionName()).createCall(null, Positions.of(context),
        SqlIdentifier.star(Positions.of(context.ASTERISK())));
  }

  @Override
  public SqlNode visitRegularFunctionCall(SluiceSqlParser.RegularFunctionCallContext context) {
    SqlOperator builtin = context.setQuantifier() != null ? null
        : expressionBuiltin(context.functionName(), context.functionArgument().size());
    return builtin == null ? namedFunctionCall(context)
        : builtin.createCall(Positions.of(context), visitAll(context.functionArgument()));
  }

  /**
   * A call left for the validator to resolve by name. Calls in {@code TABLE(...)} always come here, which makes
   * TUMBLE, HOP and SESSION the table-valued window functions there.
   */
  private SqlNode namedFunctionCall(SluiceSqlParser.FunctionCallContext context) {
    if (context instanceof SluiceSqlParser.StarFunctionCallContext star) {
      return visitStarFunctionCall(star);
    }
    SluiceSqlParser.RegularFunctionCallContext call = (SluiceSqlParser.RegularFunctionCallContext) context;
    SqlLiteral qualifier = null;
    if (call.setQuantifier() != null) {
      SqlSelectKeyword keyword = call.setQuantifier().DISTINCT() != null
          ? SqlSelectKeyword.DISTINCT : SqlSelectKeyword.ALL;
      qualifier = keyword.symbol(Positions.of(call.setQuantifier()));
    }
    List<SqlNode> operands = visitAll(call.functionArgument());
    return function(call.functionName()).createCall(qualifier, Positions.of(call), operands.toArray(SqlNode[]::new));
  }

  /**
   * The operator Calcite's parser binds at parse time for a function-call syntax in an expression, or null
   * when the name is left for the validator. In expressions TUMBLE, HOP and SESSION are the legacy GROUP BY
   * window functions.
   */
  private static SqlOperator expressionBuiltin(SluiceSqlParser.FunctionNameContext name, int arity) {
    if (name.qualifiedName() != null && name.qualifiedName().identifier().size() > 1) {
      return null;
    }
    return switch (name.getText().toUpperCase(Locale.ROOT)) {
      case "TUMBLE" -> SqlStdOperatorTable.TUMBLE_OLD;
      case "HOP" -> SqlStdOperatorTable.HOP_OLD;
      case "SESSION" -> SqlStdOperatorTable.SESSION_OLD;
      case "FLOOR" -> arity == 1 ? SqlStdOperatorTable.FLOOR : null;
      case "CEIL", "CEILING" -> arity == 1 ? SqlStdOperatorTable.CEIL : null;
      default -> null;
    };
  }

  private SqlUnresolvedFunction function(SluiceSqlParser.FunctionNameContext context) {
    SqlIdentifier name;
    if (context.qualifiedName() != null && context.qualifiedName().identifier().size() > 1) {
      name = identifier(context.qualifiedName());
    } else {
      // Upper-cased so that count(*) and COUNT(*) resolve to the same built-in.
      String text = context.qualifiedName() != null
          ? identifierText(context.qualifiedName().identifier(0)) : context.getText();
      name = new SqlIdentifier(text.toUpperCase(Locale.ROOT), Positions.of(context));
    }
    // Resolved by the validator, as with Calcite's own parser.
    return new SqlUnresolvedFunction(name, null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
  }

  @Override
  public SqlNode visitNamedArgument(SluiceSqlParser.NamedArgumentContext context) {
    return SqlStdOperatorTable.ARGUMENT_ASSIGNMENT.createCall(Positions.of(context),
        visit(context.functionArgumentValue()), identifier(context.identifier()));
  }

  @Override
  public SqlNode visitPositionalArgument(SluiceSqlParser.PositionalArgumentContext context) {
    return visit(context.functionArgumentValue());
  }

  @Override
  public SqlNode visitTableArgument(SluiceSqlParser.TableArgumentContext context) {
    SqlParserPos pos = Positions.of(context);
    SqlNode table = SqlStdOperatorTable.EXPLICIT_TABLE.createCall(pos, identifier(context.qualifiedName()));
    if (context.PARTITION() == null && context.ORDER() == null) {
      return table;
    }
    SqlNodeList partitions = new SqlNodeList(visitAll(context.partition), pos);
    SqlNodeList orderList = new SqlNodeList(visitAll(context.sortItem()), pos);
    return SqlStdOperatorTable.SET_SEMANTICS_TABLE.createCall(pos, table, partitions, orderList);
  }

  @Override
  public SqlNode visitExpressionArgument(SluiceSqlParser.ExpressionArgumentContext context) {
    return visit(context.expression());
  }

  // Data types ----------------------------------------------------------------------------------

  /** Builds a data type; nullability is set only when the text says NULL or NOT NULL. */
  SqlDataTypeSpec dataType(SluiceSqlParser.TypeContext context) {
    SqlParserPos pos = Positions.of(context);
    SqlTypeNameSpec name;
    SluiceSqlParser.NullabilityContext nullability;
    if (context instanceof SluiceSqlParser.ArrayTypeContext array) {
      name = new SqlCollectionTypeNameSpec(dataType(array.type()).getTypeNameSpec(), SqlTypeName.ARRAY, pos);
      // The element's nullability lives in its own spec; Calcite's collection spec keeps only its name.
      nullability = array.nullability();
    } else if (context instanceof SluiceSqlParser.ArraySuffixTypeContext array) {
      // INT ARRAY is the SQL standard's spelling of ARRAY<INT>.
      name = new SqlCollectionTypeNameSpec(dataType(array.type()).getTypeNameSpec(), SqlTypeName.ARRAY, pos);
      nullability = array.nullability();
    } else if (context instanceof SluiceSqlParser.MapTypeContext map) {
      name = new SqlMapTypeNameSpec(dataType(map.key), dataType(map.value), pos);
      nullability = map.nullability();
    } else if (context instanceof SluiceSqlParser.RowTypeContext row) {
      List<SqlIdentifier> names = new ArrayList<>();
      List<SqlDataTypeSpec> types = new ArrayList<>();
      for (SluiceSqlParser.RowFieldContext field : row.rowField()) {
        names.add(identifier(field.identifier()));
        types.add(dataType(field.type()));
      }
      name = new SqlRowTypeNameSpec(pos, names, types);
      nullability = row.nullability();
    } else {
      SluiceSqlParser.PrimitiveTypeContext primitive = (SluiceSqlParser.PrimitiveTypeContext) context;
      name = primitiveType(primitive, pos);
      nullability = primitive.nullability();
    }
    SqlDataTypeSpec spec = new SqlDataTypeSpec(name, pos);
    return nullability == null ? spec : spec.withNullable(nullability.NOT() == null);
  }

  private SqlTypeNameSpec primitiveType(SluiceSqlParser.PrimitiveTypeContext context, SqlParserPos pos) {
    SluiceSqlParser.BaseTypeContext base = context.baseType();
    boolean localTimeZone = context.timeZone() != null && context.timeZone().LOCAL() != null;
    SqlTypeName typeName = switch (base.getStart().getType()) {
      case SluiceSqlLexer.BOOLEAN -> SqlTypeName.BOOLEAN;
      case SluiceSqlLexer.TINYINT -> SqlTypeName.TINYINT;
      case SluiceSqlLexer.SMALLINT -> SqlTypeName.SMALLINT;
      case SluiceSqlLexer.INT, SluiceSqlLexer.INTEGER -> SqlTypeName.INTEGER;
      case SluiceSqlLexer.BIGINT -> SqlTypeName.BIGINT;
      case SluiceSqlLexer.FLOAT -> SqlTypeName.FLOAT;
      case SluiceSqlLexer.REAL -> SqlTypeName.REAL;
      case SluiceSqlLexer.DOUBLE -> SqlTypeName.DOUBLE;
      case SluiceSqlLexer.DECIMAL, SluiceSqlLexer.DEC, SluiceSqlLexer.NUMERIC -> SqlTypeName.DECIMAL;
      case SluiceSqlLexer.CHAR -> SqlTypeName.CHAR;
      case SluiceSqlLexer.CHARACTER -> base.VARYING() != null ? SqlTypeName.VARCHAR : SqlTypeName.CHAR;
      // STRING is Flink's unbounded VARCHAR: no precision, so the type system's maximum applies.
      case SluiceSqlLexer.VARCHAR, SluiceSqlLexer.STRING -> SqlTypeName.VARCHAR;
      case SluiceSqlLexer.BINARY -> SqlTypeName.BINARY;
      case SluiceSqlLexer.VARBINARY, SluiceSqlLexer.BYTES -> SqlTypeName.VARBINARY;
      case SluiceSqlLexer.DATE -> SqlTypeName.DATE;
      case SluiceSqlLexer.TIME -> localTimeZone ? SqlTypeName.TIME_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIME;
      case SluiceSqlLexer.TIMESTAMP ->
          localTimeZone ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIMESTAMP;
      case SluiceSqlLexer.TIMESTAMP_LTZ -> SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
      default -> throw new IllegalStateException("unmapped type " + base.getText());
    };
    int baseToken = base.getStart().getType();
    if (context.timeZone() != null && baseToken != SluiceSqlLexer.TIME && baseToken != SluiceSqlLexer.TIMESTAMP) {
      throw error(context.timeZone().getStart(), "time zone clause is only allowed on TIME and TIMESTAMP");
    }
    int precision = context.precision == null
        ? RelDataType.PRECISION_NOT_SPECIFIED : Integer.parseInt(context.precision.getText());
    int scale = context.scale == null ? RelDataType.SCALE_NOT_SPECIFIED : Integer.parseInt(context.scale.getText());
    return new SqlBasicTypeNameSpec(typeName, precision, scale, pos);
  }

  // Names ---------------------------------------------------------------------------------------

  /** The identifier for a possibly dotted name. */
  SqlIdentifier identifier(SluiceSqlParser.QualifiedNameContext context) {
    List<String> names = new ArrayList<>();
    List<SqlParserPos> positions = new ArrayList<>();
    for (SluiceSqlParser.IdentifierContext part : context.identifier()) {
      names.add(identifierText(part));
      positions.add(Positions.of(part));
    }
    return new SqlIdentifier(names, null, Positions.of(context), positions);
  }

  /** The identifier for a simple name. */
  SqlIdentifier identifier(SluiceSqlParser.IdentifierContext context) {
    return new SqlIdentifier(identifierText(context), Positions.of(context));
  }

  /** The text of a name: quotes removed and doubled quotes undone; unquoted names keep their case. */
  static String identifierText(SluiceSqlParser.IdentifierContext context) {
    String text = context.getText();
    if (context instanceof SluiceSqlParser.BackQuotedIdentifierContext) {
      return text.substring(1, text.length() - 1).replace("``", "`");
    }
    if (context instanceof SluiceSqlParser.QuotedIdentifierContext) {
      return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    }
    return text;
  }

  /** The value of a string literal: quotes removed and doubled quotes undone. */
  static String string(SluiceSqlParser.StringContext context) {
    String text = context.getText();
    return text.substring(1, text.length() - 1).replace("''", "'");
  }

  private SqlNodeList columnList(SluiceSqlParser.ColumnAliasesContext context) {
    return context == null ? null : new SqlNodeList(identifiers(context.identifier()), Positions.of(context));
  }

  private List<SqlNode> identifiers(List<SluiceSqlParser.IdentifierContext> contexts) {
    List<SqlNode> identifiers = new ArrayList<>();
    for (SluiceSqlParser.IdentifierContext context : contexts) {
      identifiers.add(identifier(context));
    }
    return identifiers;
  }

  private List<SqlNode> visitAll(List<? extends ParserRuleContext> contexts) {
    List<SqlNode> nodes = new ArrayList<>();
    for (ParserRuleContext context : contexts) {
      nodes.add(visit(context));
    }
    return nodes;
  }

  private SqlSyntaxException error(Token token, String message) {
    return source.error(message, token.getLine(), token.getCharPositionInLine() + 1);
  }

  private static String calciteMessage(CalciteContextException e) {
    // The cause carries the bare message; the exception's own adds Calcite's position prefix.
    Throwable cause = e.getCause();
    return cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
  }
}
