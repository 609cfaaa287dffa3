package io.sluice.planner;

import io.sluice.plan.DataType;
import io.sluice.plan.TypeKind;
import io.sluice.udf.UserFunction;
import io.sluice.plan.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlOperandCountRanges;

/**
 * The Calcite operator of one user function: it picks the Java overload from the argument
 * types, and infers the result type from that method's return type.
 *
 * <p>Java types map to SQL as follows (primitives NOT NULL, everything else nullable):
 * boolean BOOLEAN, byte TINYINT, short SMALLINT, int INTEGER, long BIGINT, float FLOAT,
 * double DOUBLE, BigDecimal DECIMAL(38, 18), String STRING, byte[] BYTES, LocalDate DATE,
 * LocalDateTime and Instant TIMESTAMP(3). An argument matches a parameter of its own kind,
 * or of a wider numeric kind (TINYINT &lt; SMALLINT &lt; INTEGER &lt; BIGINT &lt; DECIMAL &lt; FLOAT
 * &lt; DOUBLE); among matching overloads the one needing the fewest widening steps wins.
 */
public final class UserSqlFunction extends SqlFunction {
  private static final Map<Class<?>, DataType> JAVA_TYPES = Map.ofEntries(
      Map.entry(boolean.class, notNull(TypeKind.BOOLEAN)), Map.entry(Boolean.class, DataType.of(TypeKind.BOOLEAN)),
      Map.entry(byte.class, notNull(TypeKind.TINYINT)), Map.entry(Byte.class, DataType.of(TypeKind.TINYINT)),
      Map.entry(short.class, notNull(TypeKind.SMALLINT)), Map.entry(Short.class, DataType.of(TypeKind.SMALLINT)),
      Map.entry(int.class, notNull(TypeKind.INTEGER)), Map.entry(Integer.class, DataType.of(TypeKind.INTEGER)),
      Map.entry(long.class, notNull(TypeKind.BIGINT)), Map.entry(Long.class, DataType.of(TypeKind.BIGINT)),
      Map.entry(float.class, notNull(TypeKind.FLOAT)), Map.entry(Float.class, DataType.of(TypeKind.FLOAT)),
      Map.entry(double.class, notNull(TypeKind.DOUBLE)), Map.entry(Double.class, DataType.of(TypeKind.DOUBLE)),
      Map.entry(BigDecimal.class, DataType.decimal(38, 18)),
      Map.entry(String.class, DataType.of(TypeKind.VARCHAR)),
      Map.entry(byte[].class, DataType.of(TypeKind.VARBINARY)),
      Map.entry(LocalDate.class, DataType.of(TypeKind.DATE)),
      Map.entry(LocalDateTime.class, new DataType(TypeKind.TIMESTAMP, 3, 0, true)),
      Map.entry(Instant.class, new DataType(TypeKind.TIMESTAMP, 3, 0, true)));

  private static final List<TypeKind> NUMERIC_WIDENING = List.of(TypeKind.TINYINT, TypeKind.SMALLINT,
      TypeKind.INTEGER, TypeKind.BIGINT, TypeKind.DECIMAL, TypeKind.FLOAT, TypeKind.DOUBLE);

  /** The chosen overload: the method, and the SQL type of each parameter and of the result. */
  public record Resolution(Method method, List<DataType> parameters, DataType result) {}

  private final UserFunction function;

  public UserSqlFunction(UserFunction function) {
    super(function.name(), SqlKind.OTHER_FUNCTION, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.function = function;
  }

  public UserFunction function() {
    return function;
  }

  /**
   * Checks that every method of {@code function} has SQL-mappable parameter and return types.
   *
   * @throws PlanningException naming the function, the method and the offending type
   */
  public static void validate(UserFunction function) {
    for (Method method : function.methods()) {
      Class<?>[] parameters = function.argumentTypes(method);
      for (int i = 0; i < parameters.length; i++) {
        if (!JAVA_TYPES.containsKey(parameters[i])) {
          throw new PlanningException("Function '" + function.name() + "': parameter " + (i + 1) + " of "
              + UserFunction.signature(method) + " has Java type " + parameters[i].getName()
              + ", which has no SQL type; use one of " + supportedTypes());
        }
      }
      if (function.kind() == UserFunction.Kind.TABLE) {
        if (method.getReturnType() != void.class) {
          throw new PlanningException("Function '" + function.name() + "': " + UserFunction.signature(method)
              + " must return void and emit rows with collect(row)");
        }
        continue;
      }
      Class<?> result = function.resultType(method);
      if (!JAVA_TYPES.containsKey(result)) {
        throw new PlanningException("Function '" + function.name() + "': "
            + (function.kind() == UserFunction.Kind.AGGREGATE ? "getValue" : UserFunction.signature(method))
            + " returns Java type " + result.getName() + ", which has no SQL type; use one of " + supportedTypes());
      }
    }
    if (function.kind() == UserFunction.Kind.TABLE) {
      rowFields(function);
    }
  }

  /**
   * The output columns of a table function: one per component of a record row type, else one
   * column {@code f0}.
   *
   * @throws PlanningException when a component's Java type has no SQL type
   */
  public static List<Field> rowFields(UserFunction function) {
    Class<?> row;
    try {
      row = function.rowType();
    } catch (io.sluice.udf.UserFunctionException e) {
      throw new PlanningException(e.getMessage());
    }
    List<Field> fields = new ArrayList<>();
    if (row.isRecord()) {
      for (RecordComponent component : row.getRecordComponents()) {
        DataType type = JAVA_TYPES.get(component.getType());
        if (type == null) {
          throw new PlanningException("Function '" + function.name() + "': row component '" + component.getName()
              + "' of " + row.getSimpleName() + " has Java type " + component.getType().getName()
              + ", which has no SQL type; use one of " + supportedTypes());
        }
        fields.add(new Field(component.getName(), type));
      }
    } else if (JAVA_TYPES.containsKey(row)) {
      fields.add(new Field("f0", JAVA_TYPES.get(row)));
    } else {
      throw new PlanningException("Function '" + function.name() + "': row type " + row.getName()
          + " is neither a record nor one of " + supportedTypes());
    }
    return fields;
  }

  private static String supportedTypes() {
    return JAVA_TYPES.keySet().stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "));
  }

  /** The SQL signature of each overload, as SHOW FUNCTIONS and DESCRIBE FUNCTION print them. */
  public static List<String> signatures(UserFunction function) {
    List<String> signatures = new ArrayList<>();
    for (Method method : function.methods()) {
      StringBuilder text = new StringBuilder(function.name()).append('(');
      Class<?>[] parameters = function.argumentTypes(method);
      for (int i = 0; i < parameters.length; i++) {
        text.append(i == 0 ? "" : ", ").append(JAVA_TYPES.get(parameters[i]).sql());
      }
      text.append(") -> ");
      if (function.kind() == UserFunction.Kind.TABLE) {
        text.append(rowFields(function).stream().map(f -> f.name() + " " + f.type().sql())
            .collect(Collectors.joining(", ", "TABLE(", ")")));
      } else {
        text.append(JAVA_TYPES.get(function.resultType(method)).sql());
      }
      signatures.add(text.toString());
    }
    return signatures;
  }

  /**
   * The overload of {@code function} for arguments of types {@code arguments}.
   *
   * @throws PlanningException at {@code pos} when no overload or more than one fits best
   */
  public static Resolution resolve(UserFunction function, List<DataType> arguments, SqlParserPos pos) {
    Method best = null;
    int bestCost = Integer.MAX_VALUE;
    List<Method> tied = new ArrayList<>();
    List<String> rejections = new ArrayList<>();
    for (Method method : function.methods()) {
      Class<?>[] parameters = function.argumentTypes(method);
      if (parameters.length != arguments.size()) {
        rejections.add(UserFunction.signature(method) + " takes " + parameters.length + " argument"
            + (parameters.length == 1 ? "" : "s"));
        continue;
      }
      int cost = 0;
      for (int i = 0; i < parameters.length && cost >= 0; i++) {
        int step = conversionCost(arguments.get(i), JAVA_TYPES.get(parameters[i]));
        if (step < 0) {
          rejections.add(UserFunction.signature(method) + " cannot take argument " + (i + 1) + " of type "
              + arguments.get(i).withNullable(true).sql());
          cost = -1;
        } else {
          cost += step;
        }
      }
      if (cost < 0) {
        continue;
      }
      if (cost < bestCost) {
        best = method;
        bestCost = cost;
        tied.clear();
        tied.add(method);
      } else if (cost == bestCost) {
        tied.add(method);
      }
    }
    String call = function.name() + arguments.stream().map(t -> t.withNullable(true).sql())
        .collect(Collectors.joining(", ", "(", ")"));
    if (best == null) {
      throw positioned("No overload of function '" + function.name() + "' accepts " + call + ": "
          + String.join("; ", rejections) + "; CAST the arguments to match a method", pos);
    }
    if (tied.size() > 1) {
      throw positioned("Call " + call + " is ambiguous: it matches " + tied.stream().map(UserFunction::signature)
          .collect(Collectors.joining(" and ")) + " equally well; CAST the arguments to choose one", pos);
    }
    List<DataType> parameters = new ArrayList<>();
    boolean nullIn = false;
    for (int i = 0; i < arguments.size(); i++) {
      DataType parameter = JAVA_TYPES.get(function.argumentTypes(best)[i]);
      DataType argument = arguments.get(i);
      if (argument.kind() == TypeKind.DECIMAL && parameter.kind() == TypeKind.DECIMAL) {
        parameter = argument.withNullable(parameter.nullable());
      }
      nullIn |= !parameter.nullable() && argument.nullable();
      parameters.add(parameter);
    }
    if (function.kind() != UserFunction.Kind.SCALAR) {
      // Aggregates skip rows with a NULL for a primitive parameter; an empty group's result is whatever getValue says.
      DataType result = function.kind() == UserFunction.Kind.TABLE ? DataType.of(TypeKind.NULL)
          : JAVA_TYPES.get(function.resultType(best)).withNullable(true);
      return new Resolution(best, parameters, result);
    }
    DataType result = JAVA_TYPES.get(best.getReturnType());
    // A primitive result is NULL only when a primitive parameter got a NULL argument.
    return new Resolution(best, parameters, result.withNullable(result.nullable() || nullIn));
  }

  /** The number of widening steps from {@code argument} to {@code parameter}, or -1 when it does not fit. */
  private static int conversionCost(DataType argument, DataType parameter) {
    if (argument.kind() == TypeKind.NULL || argument.kind() == parameter.kind()) {
      return 0;
    }
    int from = NUMERIC_WIDENING.indexOf(argument.kind());
    int to = NUMERIC_WIDENING.indexOf(parameter.kind());
    return from >= 0 && to > from ? to - from : -1;
  }

  private static PlanningException positioned(String message, SqlParserPos pos) {
    return new PlanningException(message, pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(),
        pos.getEndColumnNum(), null);
  }

  private static DataType notNull(TypeKind kind) {
    return DataType.of(kind).withNullable(false);
  }

  static List<DataType> argumentTypes(SqlOperatorBinding binding) {
    List<DataType> types = new ArrayList<>();
    for (int i = 0; i < binding.getOperandCount(); i++) {
      types.add(TypeConverter.toDataType(binding.getOperandType(i)));
    }
    return types;
  }

  static SqlParserPos position(SqlOperatorBinding binding) {
    return binding instanceof SqlCallBinding call ? call.getCall().getParserPosition() : SqlParserPos.ZERO;
  }

  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    Resolution resolution = resolve(function, argumentTypes(binding), position(binding));
    return TypeConverter.toRelDataType(binding.getTypeFactory(), resolution.result());
  }

  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    resolve(function, argumentTypes(binding), position(binding));
    return true;
  }

  /** Any count: {@link #resolve} reports a wrong count with the overloads that exist. */
  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.any();
  }

  @Override
  public String getAllowedSignatures(String opNameToUse) {
    return String.join("\n", signatures(function));
  }

  @Override
  public boolean isDeterministic() {
    return function.deterministic();
  }
}
