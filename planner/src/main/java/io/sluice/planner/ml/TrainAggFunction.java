package io.sluice.planner.ml;

import io.sluice.plan.AggregateKind;
import io.sluice.udf.ml.ModelException;
import io.sluice.udf.ml.TrainingOptions;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.apache.calcite.util.Optionality;

/**
 * A training aggregate, {@code TRAIN_xxx(target, x1, ..., xn [, 'options'])} (TRAIN_KMEANS:
 * {@code (k, x1, ..., xn)}), whose value is the trained model as a one-line YAML model text
 * (nullable VARCHAR) that CREATE MODEL ... AS SELECT and PREDICT_* over a model value read.
 */
public final class TrainAggFunction extends SqlAggFunction {
  /** The aggregates this class declares, for the operator table. */
  static final List<TrainAggFunction> ALL = List.of(new TrainAggFunction(AggregateKind.TRAIN_LINREG),
      new TrainAggFunction(AggregateKind.TRAIN_LOGREG), new TrainAggFunction(AggregateKind.TRAIN_SVM),
      new TrainAggFunction(AggregateKind.TRAIN_KMEANS));

  private final AggregateKind kind;

  private TrainAggFunction(AggregateKind kind) {
    super(kind.name(), null, SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE), null, null,
        SqlFunctionCategory.NUMERIC, false, false, Optionality.FORBIDDEN);
    this.kind = kind;
  }

  /** The runtime aggregate computing this function. */
  public AggregateKind kind() {
    return kind;
  }

  @Override
  public SqlOperandTypeChecker getOperandTypeChecker() {
    return new Checker();
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.from(2);
  }

  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    return new Checker().checkOperandTypes(binding, throwOnFailure);
  }

  private static CalciteContextException error(SqlParserPos pos, String message) {
    return new CalciteContextException(message, new SqlValidatorException(message, null),
        pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
  }

  /** Checks the target (or k), that features are numeric, and the options text. */
  private final class Checker implements SqlOperandTypeChecker {
    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      int count = binding.getOperandCount();
      boolean kmeans = kind == AggregateKind.TRAIN_KMEANS;
      int last = count - 1;
      if ((kind == AggregateKind.TRAIN_LOGREG || kind == AggregateKind.TRAIN_SVM)
          && SqlTypeUtil.inCharFamily(binding.getOperandType(last))) {
        SqlNode options = binding.operand(last);
        if (!(options instanceof SqlLiteral literal)) {
          throw error(options.getParserPosition(), "The options of " + getName()
              + " must be a string literal such as 'l2=0.01'");
        }
        try {
          TrainingOptions.parse(getName(), literal.getValueAs(String.class));
        } catch (ModelException e) {
          throw error(options.getParserPosition(), e.getMessage());
        }
        last--;
      }
      if (last < 1) {
        throw error(binding.getCall().getParserPosition(), getName() + " needs at least one feature: "
            + signature());
      }
      RelDataType first = binding.getOperandType(0);
      if (kmeans) {
        SqlNode k = binding.operand(0);
        if (!(k instanceof SqlLiteral literal) || !SqlTypeUtil.isExactNumeric(first)
            || literal.getValueAs(Long.class) < 1) {
          throw error(k.getParserPosition(), "The first argument of TRAIN_KMEANS must be the number of clusters k as"
              + " an integer literal >= 1, e.g. TRAIN_KMEANS(3, x, y)");
        }
      } else if (!SqlTypeUtil.isNumeric(first) && !(kind != AggregateKind.TRAIN_LINREG
          && first.getSqlTypeName() == SqlTypeName.BOOLEAN)) {
        throw error(binding.operand(0).getParserPosition(), "Argument 1 of " + getName() + " ("
            + (kind == AggregateKind.TRAIN_LINREG ? "the target" : "the label") + ") is " + first.getSqlTypeName()
            + "; it must be numeric" + (kind == AggregateKind.TRAIN_LINREG ? "" : " or BOOLEAN"));
      }
      for (int i = 1; i <= last; i++) {
        RelDataType type = binding.getOperandType(i);
        if (!SqlTypeUtil.isNumeric(type)) {
          throw error(binding.operand(i).getParserPosition(), "Argument " + (i + 1) + " of " + getName() + " is "
              + type.getSqlTypeName() + "; features must be numeric (CAST it)");
        }
      }
      return true;
    }

    private String signature() {
      return switch (kind) {
        case TRAIN_KMEANS -> "TRAIN_KMEANS(k, x1, ..., xn)";
        case TRAIN_LINREG -> "TRAIN_LINREG(y, x1, ..., xn)";
        default -> getName() + "(label, x1, ..., xn [, 'l2=<number>'])";
      };
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.from(2);
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
      return signature();
    }
  }
}
