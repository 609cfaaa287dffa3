package io.sluice.planner;

import io.sluice.udf.UserFunction;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.util.Optionality;

/**
 * The Calcite operator of one user aggregate function: the {@code accumulate} overload is
 * picked from the argument types as for scalar functions, and the result type is the Java
 * return type of the class's {@code getValue}, always nullable.
 */
public final class UserSqlAggFunction extends SqlAggFunction {
  private final UserFunction function;

  public UserSqlAggFunction(UserFunction function) {
    super(function.name(), null, SqlKind.OTHER_FUNCTION, null, null, null,
        SqlFunctionCategory.USER_DEFINED_FUNCTION, false, false, Optionality.FORBIDDEN);
    this.function = function;
  }

  public UserFunction function() {
    return function;
  }

  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    UserSqlFunction.Resolution resolution = UserSqlFunction.resolve(function,
        UserSqlFunction.argumentTypes(binding), UserSqlFunction.position(binding));
    return TypeConverter.toRelDataType(binding.getTypeFactory(), resolution.result());
  }

  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    UserSqlFunction.resolve(function, UserSqlFunction.argumentTypes(binding), UserSqlFunction.position(binding));
    return true;
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.any();
  }

  @Override
  public String getAllowedSignatures(String opNameToUse) {
    return String.join("\n", UserSqlFunction.signatures(function));
  }

  @Override
  public boolean isDeterministic() {
    return function.deterministic();
  }
}
