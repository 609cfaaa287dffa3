package io.sluice.planner.ml;

import io.sluice.plan.AggregateKind;
import java.util.List;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.util.Optionality;

/**
 * A two-argument aggregate returning a nullable DOUBLE that the runtime computes as
 * {@link #kind()}: the regression statistics Calcite lacks and the scikit-learn-named metrics.
 */
public final class MlAggFunction extends SqlAggFunction {
  /** The aggregates this class declares, for the operator table. */
  static final List<MlAggFunction> ALL = List.of(
      statistic(AggregateKind.REGR_SLOPE), statistic(AggregateKind.REGR_INTERCEPT), statistic(AggregateKind.REGR_R2),
      statistic(AggregateKind.CORR), metric(AggregateKind.ACCURACY_SCORE), metric(AggregateKind.PRECISION_SCORE),
      metric(AggregateKind.RECALL_SCORE), metric(AggregateKind.F1_SCORE), statistic(AggregateKind.LOG_LOSS),
      metric(AggregateKind.ROC_AUC_SCORE));

  private final AggregateKind kind;

  private MlAggFunction(AggregateKind kind, boolean acceptsBooleans) {
    super(kind.name(), null, SqlKind.OTHER_FUNCTION, ReturnTypes.DOUBLE.andThen(
            org.apache.calcite.sql.type.SqlTypeTransforms.FORCE_NULLABLE), null,
        acceptsBooleans
            ? OperandTypes.or(OperandTypes.NUMERIC_NUMERIC, OperandTypes.family(
                org.apache.calcite.sql.type.SqlTypeFamily.BOOLEAN, org.apache.calcite.sql.type.SqlTypeFamily.BOOLEAN))
            : OperandTypes.NUMERIC_NUMERIC,
        SqlFunctionCategory.NUMERIC, false, false, Optionality.FORBIDDEN);
    this.kind = kind;
  }

  private static MlAggFunction statistic(AggregateKind kind) {
    return new MlAggFunction(kind, false);
  }

  private static MlAggFunction metric(AggregateKind kind) {
    return new MlAggFunction(kind, true);
  }

  /** The runtime aggregate computing this function. */
  public AggregateKind kind() {
    return kind;
  }
}
