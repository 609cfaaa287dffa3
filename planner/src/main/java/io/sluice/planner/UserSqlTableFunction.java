package io.sluice.planner;

import io.sluice.plan.Field;
import io.sluice.udf.UserFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * The Calcite operator of one user table function, used as {@code LATERAL TABLE(f(...))}: the
 * {@code eval} overload is picked from the argument types, and the row type comes from the
 * class's declared row type (one nullable column per record component, or one column {@code f0}).
 */
public final class UserSqlTableFunction extends SqlFunction implements SqlTableFunction {
  private final UserFunction function;

  public UserSqlTableFunction(UserFunction function) {
    super(function.name(), SqlKind.OTHER_FUNCTION, null, null, null, SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
    this.function = function;
  }

  public UserFunction function() {
    return function;
  }

  private RelDataType rowType(SqlOperatorBinding binding) {
    UserSqlFunction.resolve(function, UserSqlFunction.argumentTypes(binding), UserSqlFunction.position(binding));
    RelDataTypeFactory types = binding.getTypeFactory();
    List<String> names = new ArrayList<>();
    List<RelDataType> columns = new ArrayList<>();
    for (Field field : UserSqlFunction.rowFields(function)) {
      names.add(field.name());
      columns.add(TypeConverter.toRelDataType(types, field.type()));
    }
    return types.createStructType(columns, names);
  }

  @Override
  public SqlReturnTypeInference getRowTypeInference() {
    return this::rowType;
  }

  /** Calcite types a table function call as a cursor and asks {@link #getRowTypeInference} for its rows. */
  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    rowType(binding);
    return binding.getTypeFactory().createSqlType(org.apache.calcite.sql.type.SqlTypeName.CURSOR);
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
