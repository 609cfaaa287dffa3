package io.sluice.planner;

import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.util.Optionality;

/**
 * The aggregates {@code FIRST_VALUE(x)} and {@code LAST_VALUE(x)} as GROUP BY and window
 * aggregates (Calcite's own are OVER-only window functions): the first or last non-NULL value
 * by event time in a window, by arrival otherwise.
 */
public final class FirstLastValueFunction extends SqlAggFunction {
  public static final FirstLastValueFunction FIRST_VALUE = new FirstLastValueFunction(SqlKind.FIRST_VALUE);
  public static final FirstLastValueFunction LAST_VALUE = new FirstLastValueFunction(SqlKind.LAST_VALUE);

  private FirstLastValueFunction(SqlKind kind) {
    super(kind.name(), null, kind, ReturnTypes.ARG0.andThen(SqlTypeTransforms.FORCE_NULLABLE), null, OperandTypes.ANY,
        SqlFunctionCategory.SYSTEM, false, false, Optionality.FORBIDDEN);
  }
}
