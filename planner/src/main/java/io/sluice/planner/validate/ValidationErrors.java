package io.sluice.planner.validate;

import io.sluice.plan.Field;
import io.sluice.plan.TableSpec;
import io.sluice.planner.Catalog;
import io.sluice.planner.PlanningException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/** Turns Calcite validation failures into {@link PlanningException}s with positions and "did you mean" hints. */
public final class ValidationErrors {
  private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Column '([^']+)' not found in (any table|table '[^']+')");
  private static final Pattern UNKNOWN_TABLE = Pattern.compile("(?:Object|Table) '([^']+)' not found");
  private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("No match found for function signature ([A-Za-z_0-9$]+)\\(");

  private ValidationErrors() {}

  public static PlanningException translate(CalciteContextException e, Catalog catalog) {
    String message = e.getCause() != null && e.getCause().getMessage() != null
        ? e.getCause().getMessage() : e.getMessage();
    message = message + hint(message, catalog);
    return new PlanningException(message, e.getPosLine(), e.getPosColumn(), e.getEndPosLine(), e.getEndPosColumn(), e);
  }

  private static String hint(String message, Catalog catalog) {
    Matcher column = UNKNOWN_COLUMN.matcher(message);
    if (column.find()) {
      return suggest(column.group(1), columnNames(catalog));
    }
    Matcher table = UNKNOWN_TABLE.matcher(message);
    if (table.find()) {
      Set<String> names = new TreeSet<>();
      catalog.tables().forEach(t -> names.add(t.name()));
      catalog.views().forEach(v -> names.add(v.name()));
      return suggest(table.group(1), names);
    }
    Matcher function = UNKNOWN_FUNCTION.matcher(message);
    if (function.find()) {
      Set<String> names = new TreeSet<>();
      for (SqlOperator operator : SqlStdOperatorTable.instance().getOperatorList()) {
        if (operator.getName().matches("[A-Z_0-9]+")) {
          names.add(operator.getName());
        }
      }
      return suggest(function.group(1), names);
    }
    return "";
  }

  private static String suggest(String name, Collection<String> candidates) {
    Optional<String> closest = Suggestions.closest(name, candidates);
    return closest.map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  private static Set<String> columnNames(Catalog catalog) {
    Set<String> names = new TreeSet<>();
    for (TableSpec table : catalog.tables()) {
      table.schema().fields().stream().map(Field::name).forEach(names::add);
    }
    for (Catalog.View view : catalog.views()) {
      view.schema().fields().stream().map(Field::name).forEach(names::add);
    }
    return names;
  }
}
