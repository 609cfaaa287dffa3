package io.sluice.planner;

import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code PROCTIME()}, the processing-time attribute: the wall clock when a row is processed,
 * as TIMESTAMP(3) NOT NULL. Dynamic, so the planner never folds it to a constant.
 */
public final class ProcTimeFunction extends SqlFunction {
  public static final ProcTimeFunction INSTANCE = new ProcTimeFunction();

  private ProcTimeFunction() {
    super("PROCTIME", SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3), null,
        OperandTypes.NILADIC, SqlFunctionCategory.TIMEDATE);
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }

  @Override
  public boolean isDynamicFunction() {
    return true;
  }
}
