package io.sluice.planner.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * An operator table that puts Sluice's {@link WindowTableFunction}s in place of Calcite's own
 * window table functions (which lack {@code window_time} and {@code CUMULATE}), passing
 * every other lookup to the wrapped table; Calcite's OVER-only FIRST_VALUE and LAST_VALUE are
 * hidden too, so the wrapped table's aggregate forms of them are found instead.
 */
public final class WindowOperatorTable implements SqlOperatorTable {
  private final SqlOperatorTable delegate;

  public WindowOperatorTable(SqlOperatorTable delegate) {
    this.delegate = delegate;
  }

  @Override
  public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
      List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
    List<SqlOperator> found = new ArrayList<>();
    delegate.lookupOperatorOverloads(opName, category, syntax, found, nameMatcher);
    found.removeIf(WindowOperatorTable::isReplaced);
    operatorList.addAll(found);
    if (opName.isSimple()) {
      String name = opName.getSimple().toUpperCase(Locale.ROOT);
      for (WindowTableFunction function : WindowTableFunction.ALL) {
        if (function.getName().equals(name)) {
          operatorList.add(function);
        }
      }
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    List<SqlOperator> operators = new ArrayList<>(delegate.getOperatorList());
    operators.removeIf(WindowOperatorTable::isReplaced);
    operators.addAll(WindowTableFunction.ALL);
    return operators;
  }

  private static boolean isReplaced(SqlOperator operator) {
    return operator instanceof SqlWindowTableFunction && !(operator instanceof WindowTableFunction)
        || operator instanceof org.apache.calcite.sql.fun.SqlFirstLastValueAggFunction;
  }
}
