package io.sluice.planner.physical;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.ScalarOp;
import io.sluice.plan.TypeKind;
import io.sluice.planner.PlanningException;
import io.sluice.planner.TypeConverter;
import io.sluice.planner.UserSqlFunction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rex.RexBuilder;
import io.sluice.planner.ml.PredictFunction;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/** Lowers Calcite row expressions to the plan's {@link ExprSpec}s. */
public final class RexToExpr {
  private final RexBuilder rexBuilder;

  public RexToExpr(RexBuilder rexBuilder) {
    this.rexBuilder = rexBuilder;
  }

  public List<ExprSpec> convert(List<RexNode> nodes) {
    List<ExprSpec> specs = new ArrayList<>(nodes.size());
    for (RexNode node : nodes) {
      specs.add(convert(node));
    }
    return specs;
  }

  public ExprSpec convert(RexNode node) {
    if (node == null) {
      return null;
    }
    // SEARCH (ranges and IN-lists built by simplification) becomes comparisons again.
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, node);
    return lower(expanded);
  }

  private ExprSpec lower(RexNode node) {
    DataType type = TypeConverter.toDataType(node.getType());
    if (node instanceof RexInputRef ref) {
      return new ExprSpec.InputRef(ref.getIndex(), type);
    }
    if (node instanceof RexLiteral literal) {
      return literal(literal);
    }
    if (node instanceof RexCall call) {
      return call(call, type);
    }
    if (node instanceof RexFieldAccess access) {
      ExprSpec row = lower(access.getReferenceExpr());
      ExprSpec ordinal = new ExprSpec.Literal(access.getField().getIndex(), DataType.of(TypeKind.INTEGER).withNullable(false));
      return new ExprSpec.Call(ScalarOp.FIELD, List.of(row, ordinal), type);
    }
    throw new PlanningException("Expression " + node + " is not supported yet");
  }

  /** A literal in the Java representation of its type (see {@link TypeKind}). */
  public static ExprSpec.Literal literal(RexLiteral literal) {
    if (literal.getTypeName() == SqlTypeName.SYMBOL) {
      Enum<?> symbol = (Enum<?>) literal.getValue();
      return new ExprSpec.Literal(symbol.name(), DataType.of(TypeKind.VARCHAR).withNullable(false));
    }
    DataType type = TypeConverter.toDataType(literal.getType());
    return new ExprSpec.Literal(literalValue(literal, type), type);
  }

  /** The value of a literal in the representation of {@code type}, or null. */
  public static Object literalValue(RexLiteral literal, DataType type) {
    if (literal.isNull()) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> literal.getValueAs(Boolean.class);
      case TINYINT -> literal.getValueAs(BigDecimal.class).byteValueExact();
      case SMALLINT -> literal.getValueAs(BigDecimal.class).shortValueExact();
      case INTEGER -> literal.getValueAs(BigDecimal.class).intValueExact();
      case BIGINT -> literal.getValueAs(BigDecimal.class).longValueExact();
      case FLOAT -> literal.getValueAs(Double.class).floatValue();
      case DOUBLE -> literal.getValueAs(Double.class);
      case DECIMAL -> literal.getValueAs(BigDecimal.class).setScale(type.scale(), java.math.RoundingMode.HALF_UP);
      case VARCHAR -> literal.getValueAs(String.class);
      case VARBINARY -> literal.getValueAs(ByteString.class).getBytes();
      case DATE, TIME -> literal.getValueAs(Integer.class);
      case TIMESTAMP -> literal.getValueAs(Long.class);
      case INTERVAL_YEAR_MONTH -> literal.getValueAs(BigDecimal.class).intValueExact();
      case INTERVAL_DAY_TIME -> literal.getValueAs(BigDecimal.class).longValueExact();
      case NULL -> null;
      case ROW, ARRAY -> throw new PlanningException("ROW and ARRAY constants are not supported yet; "
          + "structured values come from columns");
    };
  }

  private ExprSpec call(RexCall call, DataType type) {
    SqlOperator op = call.getOperator();
    if (op instanceof PredictFunction predict) {
      if (!predict.namesCatalogModel(call.getOperands().get(0))) {
        return predict.modelValueCall(call.getOperands().stream().map(this::lower).toList(), type);
      }
      return lower(predict.expand(rexBuilder, call));
    }
    List<ExprSpec> operands = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      operands.add(lower(operand));
    }
    if (op instanceof UserSqlFunction user) {
      return userCall(user, operands, type);
    }
    if (op == SqlStdOperatorTable.NOT_LIKE || op == SqlStdOperatorTable.NOT_SIMILAR_TO) {
      ScalarOp positive = op == SqlStdOperatorTable.NOT_LIKE ? ScalarOp.LIKE : ScalarOp.SIMILAR;
      ExprSpec match = new ExprSpec.Call(positive, operands, type);
      return new ExprSpec.Call(ScalarOp.NOT, List.of(match), type);
    }
    if (op.getKind() == org.apache.calcite.sql.SqlKind.PLUS_PREFIX) {
      return operands.get(0);
    }
    if ((op.getKind() == org.apache.calcite.sql.SqlKind.FLOOR || op.getKind() == org.apache.calcite.sql.SqlKind.CEIL)
        && operands.size() == 2) {
      ScalarOp timeOp = op.getKind() == org.apache.calcite.sql.SqlKind.FLOOR ? ScalarOp.FLOOR_TIME : ScalarOp.CEIL_TIME;
      return new ExprSpec.Call(timeOp, operands, type);
    }
    return new ExprSpec.Call(scalarOp(call), operands, type);
  }

  /** A user function call with each operand cast to its parameter's type where the kinds differ. */
  private static ExprSpec userCall(UserSqlFunction op, List<ExprSpec> operands, DataType type) {
    List<DataType> argumentTypes = operands.stream().map(ExprSpec::type).toList();
    UserSqlFunction.Resolution resolution =
        UserSqlFunction.resolve(op.function(), argumentTypes, org.apache.calcite.sql.parser.SqlParserPos.ZERO);
    List<ExprSpec> arguments = new ArrayList<>(operands.size());
    for (int i = 0; i < operands.size(); i++) {
      ExprSpec operand = operands.get(i);
      DataType parameter = resolution.parameters().get(i).withNullable(operand.type().nullable());
      boolean same = operand.type().kind() == parameter.kind()
          && (parameter.kind() != TypeKind.DECIMAL || operand.type().scale() == parameter.scale());
      arguments.add(same ? operand : new ExprSpec.Call(ScalarOp.CAST, List.of(operand), parameter));
    }
    return new ExprSpec.UserCall(op.function(), resolution.method(), arguments, type);
  }

  private static ScalarOp scalarOp(RexCall call) {
    SqlOperator op = call.getOperator();
    switch (op.getKind()) {
      case PLUS: return ScalarOp.PLUS;
      case MINUS: return ScalarOp.MINUS;
      case TIMES: return ScalarOp.TIMES;
      case DIVIDE: return ScalarOp.DIVIDE;
      case MOD: return ScalarOp.MOD;
      case MINUS_PREFIX: return ScalarOp.NEGATE;
      case EQUALS: return ScalarOp.EQUALS;
      case NOT_EQUALS: return ScalarOp.NOT_EQUALS;
      case LESS_THAN: return ScalarOp.LESS_THAN;
      case LESS_THAN_OR_EQUAL: return ScalarOp.LESS_THAN_OR_EQUAL;
      case GREATER_THAN: return ScalarOp.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL: return ScalarOp.GREATER_THAN_OR_EQUAL;
      case IS_DISTINCT_FROM: return ScalarOp.IS_DISTINCT_FROM;
      case IS_NOT_DISTINCT_FROM: return ScalarOp.IS_NOT_DISTINCT_FROM;
      case AND: return ScalarOp.AND;
      case OR: return ScalarOp.OR;
      case NOT: return ScalarOp.NOT;
      case IS_NULL: return ScalarOp.IS_NULL;
      case IS_NOT_NULL: return ScalarOp.IS_NOT_NULL;
      case IS_TRUE: return ScalarOp.IS_TRUE;
      case IS_NOT_TRUE: return ScalarOp.IS_NOT_TRUE;
      case IS_FALSE: return ScalarOp.IS_FALSE;
      case IS_NOT_FALSE: return ScalarOp.IS_NOT_FALSE;
      case CASE: return ScalarOp.CASE;
      case COALESCE: return ScalarOp.COALESCE;
      case NULLIF: return ScalarOp.NULLIF;
      case CAST: return ScalarOp.CAST;
      case LIKE: return ScalarOp.LIKE;
      case SIMILAR: return ScalarOp.SIMILAR;
      case TRIM: return ScalarOp.TRIM;
      case POSITION: return ScalarOp.POSITION;
      case EXTRACT: return ScalarOp.EXTRACT;
      case FLOOR: return ScalarOp.FLOOR;
      case CEIL: return ScalarOp.CEIL;
      case TIMESTAMP_ADD: return ScalarOp.TIMESTAMPADD;
      case TIMESTAMP_DIFF: return ScalarOp.TIMESTAMPDIFF;
      case REINTERPRET: return ScalarOp.REINTERPRET;
      case ITEM:
        if (call.getOperands().get(0).getType().getSqlTypeName() != SqlTypeName.ARRAY) {
          throw new PlanningException("Subscripts are supported on ARRAY values only, not on "
              + call.getOperands().get(0).getType().getFullTypeString());
        }
        return ScalarOp.ELEMENT;
      default: break;
    }
    String name = op.getName().toUpperCase(Locale.ROOT);
    switch (name) {
      case "||":
      case "CONCAT": return ScalarOp.CONCAT;
      case "UPPER": return ScalarOp.UPPER;
      case "LOWER": return ScalarOp.LOWER;
      case "SUBSTRING": return ScalarOp.SUBSTRING;
      case "CHAR_LENGTH":
      case "CHARACTER_LENGTH": return ScalarOp.CHAR_LENGTH;
      case "REPLACE": return ScalarOp.REPLACE;
      case "INITCAP": return ScalarOp.INITCAP;
      case "ABS": return ScalarOp.ABS;
      case "ROUND": return ScalarOp.ROUND;
      case "POWER": return ScalarOp.POWER;
      case "SQRT": return ScalarOp.SQRT;
      case "LN": return ScalarOp.LN;
      case "LOG10": return ScalarOp.LOG10;
      case "EXP": return ScalarOp.EXP;
      case "CARDINALITY":
        if (call.getOperands().get(0).getType().getSqlTypeName() != SqlTypeName.ARRAY) {
          throw new PlanningException("CARDINALITY is supported on ARRAY values only");
        }
        return ScalarOp.CARDINALITY;
      case "CURRENT_TIMESTAMP":
      case "LOCALTIMESTAMP":
      case "NOW":
      // Processing time is the wall clock when the batch is processed.
      case "PROCTIME": return ScalarOp.CURRENT_TIMESTAMP;
      default:
        throw new PlanningException("Function " + op.getName() + " is not supported yet");
    }
  }
}
