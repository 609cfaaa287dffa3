package io.sluice.planner;

import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.util.Optionality;

/**
 * The aggregate {@code APPROX_PERCENTILE(x, p)}: the approximate p-quantile (p a literal in
 * [0, 1]) of a numeric column as a nullable DOUBLE; lowering reads p and the runtime keeps a
 * mergeable quantile sketch.
 */
public final class ApproxPercentileFunction extends SqlAggFunction {
  public static final ApproxPercentileFunction INSTANCE = new ApproxPercentileFunction();

  private ApproxPercentileFunction() {
    super("APPROX_PERCENTILE", null, SqlKind.OTHER_FUNCTION,
        ReturnTypes.DOUBLE.andThen(SqlTypeTransforms.FORCE_NULLABLE), null, OperandTypes.NUMERIC_NUMERIC,
        SqlFunctionCategory.NUMERIC, false, false, Optionality.FORBIDDEN);
  }
}
