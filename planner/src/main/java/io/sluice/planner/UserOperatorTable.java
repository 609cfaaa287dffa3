package io.sluice.planner;

import io.sluice.udf.UserFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/** The operator table of a catalog's user functions, looked up by name ignoring case. */
final class UserOperatorTable implements SqlOperatorTable {
  private final Catalog catalog;

  UserOperatorTable(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
      List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
    if (opName.isSimple() && syntax == SqlSyntax.FUNCTION) {
      catalog.function(opName.getSimple()).ifPresent(function -> operatorList.add(operator(function)));
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    List<SqlOperator> operators = new ArrayList<>();
    for (UserFunction function : catalog.functions()) {
      operators.add(operator(function));
    }
    return operators;
  }

  /** The Calcite operator for {@code function}'s kind. */
  static SqlOperator operator(UserFunction function) {
    return switch (function.kind()) {
      case SCALAR -> new UserSqlFunction(function);
      case AGGREGATE -> new UserSqlAggFunction(function);
      case TABLE -> new UserSqlTableFunction(function);
    };
  }
}
