package io.sluice.runtime.codegen;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.ExprSpec.Call;
import io.sluice.plan.ExprSpec.InputRef;
import io.sluice.plan.ExprSpec.Literal;
import io.sluice.plan.ExprSpec.UserCall;
import io.sluice.plan.ScalarOp;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.udf.builtin.DateTimeFunctions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A one-shot generator of the Java source of a Calc class for one filter and projection list.
 *
 * <p>Each expression node becomes a pair of locals {@code boolean nX; T vX} (or the constant
 * {@code false} for the null flag when the node cannot be NULL). Literal values never appear
 * in the source: they are constructor arguments stored in fields, so the source is the cache
 * key of the expression shape. Only time units are baked in, because they select code.
 */
final class CalcGenerator {
  static final String CLASS_NAME = "GeneratedCalc";

  private static final DataType BOOLEAN = DataType.of(TypeKind.BOOLEAN);
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
  private static final DataType TIMESTAMP = DataType.of(TypeKind.TIMESTAMP);
  private static final DataType WIDE_DECIMAL = DataType.decimal(38, 0);
  private static final long[] POWERS_OF_TEN = new long[19];
  private static final java.math.BigDecimal LONG_LIMIT = java.math.BigDecimal.valueOf(Long.MAX_VALUE);

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /** The code of one expression node: statements, then its null flag and value expressions. */
  private record Code(String statements, String isNull, String value) {
    boolean neverNull() {
      return isNull.equals("false");
    }

    boolean alwaysNull() {
      return isNull.equals("true");
    }
  }

  /**
   * The generated source, the literal values its constructor takes, and the user function
   * classes the source names (which the compiler must resolve through their jars' loaders).
   */
  record Generated(String source, Object[] literals, List<Class<?>> userClasses) {}

  private final Schema input;
  private final List<ExprSpec> projections;
  private final ExprSpec condition;
  private final List<Object> literals = new ArrayList<>();
  private final StringBuilder fields = new StringBuilder();
  private final StringBuilder constructor = new StringBuilder();
  private final SortedSet<Integer> inputs = new TreeSet<>();
  private final List<Class<?>> userClasses = new ArrayList<>();
  /** Statements that run vectorised user functions over the whole batch before the row loop. */
  private final StringBuilder batchCalls = new StringBuilder();
  /** Statements that release the vectorised functions' result vectors after the batch. */
  private final StringBuilder batchRelease = new StringBuilder();
  /** Statements that find the nested vectors of ROW and ARRAY columns, after the inputs are set. */
  private final StringBuilder nestedSetup = new StringBuilder();
  private boolean usesNow;
  private int nextVariable;
  private int nextNested;

  CalcGenerator(Schema input, List<ExprSpec> projections, ExprSpec condition) {
    this.input = input;
    this.projections = List.copyOf(projections);
    this.condition = condition;
  }

  Generated generate() {
    StringBuilder methods = new StringBuilder();
    StringBuilder loop = new StringBuilder();
    if (condition == null) {
      // Without a filter every row is kept, so each column gets its own tight loop.
      for (int j = 0; j < projections.size(); j++) {
        String body = isCopy(projections.get(j)) ? copy(j, "i") : project(j);
        methods.append("  private void column").append(j).append("(int n) {\n")
            .append("    for (int i = 0; i < n; i++) {\n      int k = i;\n").append(indent(body, 6))
            .append("    }\n  }\n\n");
        loop.append("    column").append(j).append("(n);\n");
      }
      loop.append("    int k = n;\n");
    } else {
      Code filter = generate(condition);
      methods.append("  private boolean condition(int i) {\n").append(indent(filter.statements(), 4))
          .append("    return ").append(filter.neverNull() ? "" : "!" + filter.isNull() + " && ")
          .append(filter.value()).append(";\n  }\n\n");
      loop.append("    int k = 0;\n    int[] selected = selection;\n    for (int i = 0; i < n; i++) {\n"
          + "      if (condition(i)) {\n        if (selected != null) {\n          selected[k] = i;\n        }\n");
      for (int j = 0; j < projections.size(); j++) {
        if (isCopy(projections.get(j))) {
          loop.append(indent(copy(j, "k"), 8));
        } else {
          methods.append("  private void project").append(j).append("(int i, int k) {\n")
              .append(indent(project(j), 4)).append("  }\n\n");
          loop.append("        project").append(j).append("(i, k);\n");
        }
      }
      loop.append("        k++;\n      }\n    }\n");
    }

    StringBuilder batchSetup = new StringBuilder();
    for (int index : inputs) {
      TypeKind kind = input.type(index).kind();
      declare(vectorClass(kind) + " in" + index);
      declare("ArrowBuf validity" + index);
      batchSetup.append("    in").append(index).append(" = (").append(vectorClass(kind))
          .append(") input.getVector(").append(index).append(");\n")
          .append("    validity").append(index).append(" = in").append(index).append(".getValidityBuffer();\n");
      if (isFixedWidth(kind) || kind == TypeKind.DECIMAL) {
        declare("ArrowBuf data" + index);
        batchSetup.append("    data").append(index).append(" = in").append(index).append(".getDataBuffer();\n");
      }
    }
    batchSetup.append(nestedSetup);
    for (int j = 0; j < projections.size(); j++) {
      String vectorClass = vectorClass(projections.get(j).type().kind());
      declare(vectorClass + " out" + j);
      batchSetup.append("    out").append(j).append(" = (").append(vectorClass).append(") output.getVector(")
          .append(j).append(");\n");
    }
    if (usesNow) {
      declare("long now");
      batchSetup.append("    now = DateTimeFunctions.currentTimestamp();\n");
    }

    String source = "import org.apache.arrow.memory.ArrowBuf;\n"
        + "import org.apache.arrow.vector.*;\n"
        + "import io.sluice.runtime.codegen.CodegenSupport;\n"
        + "import io.sluice.runtime.codegen.RegexCache;\n"
        + "import io.sluice.udf.builtin.*;\n\n"
        + "public final class " + CLASS_NAME + " extends io.sluice.runtime.codegen.AbstractCompiledCalc {\n"
        + fields + "\n"
        + "  public " + CLASS_NAME + "(Object[] args) {\n" + constructor + "  }\n\n"
        + "  protected int evaluateBatch(VectorSchemaRoot input, VectorSchemaRoot output) {\n"
        + batchSetup
        + "    int n = input.getRowCount();\n"
        + (batchCalls.length() == 0 ? loop + "    output.setRowCount(k);\n    return k;\n"
            : "    try {\n" + indent(batchCalls + loop.toString() + "output.setRowCount(k);\nreturn k;\n", 6)
                + "    } finally {\n" + indent(batchRelease.toString(), 6) + "    }\n")
        + "  }\n\n"
        + methods
        + "}\n";
    return new Generated(source, literals.toArray(), List.copyOf(userClasses));
  }

  /** Whether projection is a column copied as is: Arrow copies the slot, no decoding. */
  private boolean isCopy(ExprSpec projection) {
    if (!(projection instanceof InputRef ref)) {
      return false;
    }
    DataType column = input.type(ref.index());
    DataType type = ref.type();
    if (column.kind().isStructured()) {
      return sameShape(column, type);
    }
    return column.kind() == type.kind() && column.precision() == type.precision() && column.scale() == type.scale();
  }

  /** Whether two types have the same Arrow vectors, whatever their nullability and VARCHAR lengths. */
  private static boolean sameShape(DataType a, DataType b) {
    if (a.kind() != b.kind() || a.children().size() != b.children().size()
        || (a.kind() == TypeKind.DECIMAL && (a.precision() != b.precision() || a.scale() != b.scale()))) {
      return false;
    }
    for (int c = 0; c < a.children().size(); c++) {
      if (!sameShape(a.children().get(c).type(), b.children().get(c).type())) {
        return false;
      }
    }
    return true;
  }

  private String copy(int j, String target) {
    int index = ((InputRef) projections.get(j)).index();
    inputs.add(index);
    return "out" + j + ".copyFromSafe(i, " + target + ", in" + index + ");\n";
  }

  /** Statements that evaluate projection j for row i and write it at output position k. */
  private String project(int j) {
    DataType type = projections.get(j).type();
    if (type.kind().isStructured()) {
      return projectNested(j);
    }
    Code code = generate(projections.get(j));
    if (code.alwaysNull()) {
      return code.statements() + "out" + j + ".setNull(k);\n";
    }
    String write = type.kind() == TypeKind.DECIMAL
        ? "CodegenSupport.writeDecimal(out" + j + ", k, " + code.value() + ");"
        : "out" + j + ".setSafe(k, " + vectorValue(type.kind(), code.value()) + ");";
    String general = code.neverNull() ? code.statements() + write + "\n"
        : code.statements() + "if (" + code.isNull() + ") {\n  out" + j + ".setNull(k);\n} else {\n  " + write + "\n}\n";
    Code fast = type.kind() == TypeKind.DECIMAL ? scaledLong(projections.get(j), type.scale()) : null;
    if (fast == null) {
      return general;
    }
    // Scaled long arithmetic; an overflow (or a value beyond a precision under 19 digits)
    // redoes the row with BigDecimal, which yields the exact value or the proper error.
    String bound = type.precision() >= 19 ? ""
        : "if (" + fast.value() + " >= " + POWERS_OF_TEN[type.precision()] + "L || " + fast.value() + " <= -"
            + POWERS_OF_TEN[type.precision()] + "L) {\n  throw new ArithmeticException();\n}\n";
    String fastWrite = bound + "out" + j + ".setSafe(k, " + fast.value() + ");\n";
    String fastBody = fast.statements() + (fast.neverNull() ? fastWrite
        : "if (" + fast.isNull() + ") {\n  out" + j + ".setNull(k);\n} else {\n" + indent(fastWrite, 2) + "}\n");
    return "try {\n" + indent(fastBody, 2) + "} catch (ArithmeticException overflow) {\n" + indent(general, 2) + "}\n";
  }

  /** Copies a ROW or ARRAY field of a ROW column to output position k; Arrow copies the nested slot. */
  private String projectNested(int j) {
    ExprSpec projection = projections.get(j);
    if (!(projection instanceof Call call && call.op() == ScalarOp.FIELD)) {
      throw unsupportedStructured(projection);
    }
    Nested field = nested(call);
    return "if (" + field.isNull() + ") {\n  CodegenSupport.setNull(out" + j + ", k);\n} else {\n  out" + j
        + ".copyFromSafe(i, k, " + field.vector() + ");\n}\n";
  }

  /**
   * The code of a DECIMAL expression as its unscaled long at {@code scale}, or null when the
   * expression is not made of exact numeric columns, literals, +, - and * without rounding.
   * Overflow throws {@link ArithmeticException} (Math.*Exact).
   */
  private Code scaledLong(ExprSpec expression, int scale) {
    DataType type = expression.type();
    int natural = type.kind() == TypeKind.DECIMAL ? type.scale() : 0;
    if (!(type.kind() == TypeKind.DECIMAL || type.kind().isExactInteger()) || natural > scale || scale > 18) {
      return null;
    }
    long factor = POWERS_OF_TEN[scale - natural];
    if (expression instanceof Literal literal) {
      if (literal.value() == null) {
        return null;
      }
      java.math.BigDecimal value = new java.math.BigDecimal(literal.value().toString());
      if (value.scale() > scale || value.movePointRight(scale).abs().compareTo(LONG_LIMIT) >= 0) {
        return null;
      }
      int index = literals.size();
      literals.add(literal.value());
      String name = "lit" + index;
      declare("final long " + name);
      constructor.append("    ").append(name).append(" = CodegenSupport.unscaled(args[").append(index).append("], ")
          .append(scale).append(");\n");
      return new Code("", "false", name);
    }
    if (expression instanceof InputRef ref) {
      if (type.kind() == TypeKind.DECIMAL) {
        DataType column = input.type(ref.index());
        if (column.kind() != TypeKind.DECIMAL || column.precision() > 18) {
          return null;
        }
        // A DECIMAL of at most 18 digits keeps its unscaled value in the low 8 of its 16 bytes.
        int index = ref.index();
        inputs.add(index);
        String read = "data" + index + ".getLong((long) i * 16)";
        return scaled(column.nullable() ? "BitVectorHelper.get(validity" + index + ", i) == 0" : "false", read, factor);
      }
      Code code = inputRef(ref);
      return factor == 1 ? code : new Code(code.statements(), code.isNull(),
          "Math.multiplyExact((long) " + code.value() + ", " + factor + "L)");
    }
    if (!(expression instanceof Call call) || type.kind() != TypeKind.DECIMAL || call.operands().size() != 2) {
      return null;
    }
    ExprSpec left = call.operand(0);
    ExprSpec right = call.operand(1);
    String function;
    Code x;
    Code y;
    switch (call.op()) {
      case PLUS, MINUS -> {
        function = call.op() == ScalarOp.PLUS ? "Math.addExact" : "Math.subtractExact";
        x = scaledLong(left, natural);
        y = scaledLong(right, natural);
      }
      case TIMES -> {
        int leftScale = left.type().kind() == TypeKind.DECIMAL ? left.type().scale() : 0;
        int rightScale = right.type().kind() == TypeKind.DECIMAL ? right.type().scale() : 0;
        if (leftScale + rightScale != natural) {
          return null;
        }
        function = "Math.multiplyExact";
        x = scaledLong(left, leftScale);
        y = scaledLong(right, rightScale);
      }
      default -> {
        return null;
      }
    }
    if (x == null || y == null) {
      return null;
    }
    Code result = strictCodes(BIGINT, BIGINT, List.of(x, y), v -> function + "(" + v.get(0) + ", " + v.get(1) + ")");
    return factor == 1 ? result
        : new Code(result.statements(), result.isNull(), "Math.multiplyExact(" + result.value() + ", " + factor + "L)");
  }

  private Code scaled(String isNull, String read, long factor) {
    String value = "v" + nextVariable;
    String nullFlag = "n" + nextVariable++;
    String scaledRead = factor == 1 ? read : "Math.multiplyExact(" + read + ", " + factor + "L)";
    if (isNull.equals("false")) {
      return new Code("long " + value + " = " + scaledRead + ";\n", "false", value);
    }
    return new Code("boolean " + nullFlag + " = " + isNull + ";\nlong " + value + " = " + nullFlag + " ? 0L : "
        + scaledRead + ";\n", nullFlag, value);
  }

  private Code generate(ExprSpec expression) {
    if (expression instanceof InputRef ref) {
      return inputRef(ref);
    }
    if (expression instanceof Literal literal) {
      return literal(literal);
    }
    if (expression instanceof UserCall call) {
      return userCall(call);
    }
    return call((Call) expression);
  }

  private Code inputRef(InputRef ref) {
    int index = ref.index();
    DataType column = input.type(index);
    if (column.kind() != ref.type().kind()) {
      throw new IllegalArgumentException("Input " + ref + " has type " + column + ", not " + ref.type());
    }
    inputs.add(index);
    String value = "v" + nextVariable;
    String javaType = javaType(column);
    String read = read(index, column.kind());
    if (!column.nullable()) {
      nextVariable++;
      return new Code(javaType + " " + value + " = " + read + ";\n", "false", value);
    }
    String isNull = "n" + nextVariable++;
    return new Code("boolean " + isNull + " = BitVectorHelper.get(validity" + index + ", i) == 0;\n"
        + javaType + " " + value + " = " + isNull + " ? " + defaultValue(column) + " : " + read + ";\n", isNull, value);
  }

  private Code literal(Literal literal) {
    if (literal.value() == null) {
      return nullConstant(literal.type());
    }
    return new Code("", "false", literalField(literal));
  }

  /** Registers a non-NULL literal as a constructor argument and returns its field name. */
  private String literalField(Literal literal) {
    int index = literals.size();
    literals.add(literal.value());
    String name = "lit" + index;
    String arg = "args[" + index + "]";
    DataType type = literal.type();
    String value = switch (type.kind()) {
      case BOOLEAN -> "((Boolean) " + arg + ").booleanValue()";
      case TINYINT -> "((Number) " + arg + ").byteValue()";
      case SMALLINT -> "((Number) " + arg + ").shortValue()";
      case INTEGER, DATE, TIME, INTERVAL_YEAR_MONTH -> "((Number) " + arg + ").intValue()";
      case BIGINT, TIMESTAMP, INTERVAL_DAY_TIME -> "((Number) " + arg + ").longValue()";
      case FLOAT -> "((Number) " + arg + ").floatValue()";
      case DOUBLE -> "((Number) " + arg + ").doubleValue()";
      case DECIMAL -> "CodegenSupport.decimal(" + arg + ", " + type.scale() + ")";
      case VARCHAR -> "(String) " + arg;
      case VARBINARY -> "(byte[]) " + arg;
      case NULL -> throw new IllegalArgumentException("A NULL-typed literal must have no value: " + literal);
      case ROW, ARRAY -> throw new IllegalArgumentException("ROW and ARRAY constants are not supported: " + literal);
    };
    declare("final " + javaType(type) + " " + name);
    constructor.append("    ").append(name).append(" = ").append(value).append(";\n");
    return name;
  }

  /**
   * A user function call: a NULL argument for a primitive parameter gives NULL without the
   * call; otherwise the method gets Java values converted from the columns' representations,
   * and an exception it throws fails the batch with the function's name and arguments.
   */
  private Code userCall(UserCall call) {
    Method method = call.method();
    Class<?> owner = method.getDeclaringClass();
    if (!userClasses.contains(owner)) {
      userClasses.add(owner);
    }
    String receiver;
    if (Modifier.isStatic(method.getModifiers())) {
      receiver = owner.getCanonicalName();
    } else {
      // The instance is a field, created from the function's class by the constructor.
      int index = literals.size();
      literals.add(call.function());
      receiver = "udf" + index;
      declare("final " + owner.getCanonicalName() + " " + receiver);
      constructor.append("    ").append(receiver).append(" = (").append(owner.getCanonicalName())
          .append(") ((io.sluice.udf.UserFunction) args[").append(index).append("]).newInstance();\n");
    }
    if (receiver.startsWith("udf") && io.sluice.udf.spi.VectorizedFunction.class.isAssignableFrom(owner)
        && !call.operands().isEmpty() && call.operands().stream().allMatch(this::isPlainColumn)) {
      return vectorizedCall(call, receiver);
    }
    StringBuilder statements = new StringBuilder();
    List<String> skipIfNull = new ArrayList<>();
    List<String> arguments = new ArrayList<>();
    List<String> boxed = new ArrayList<>();
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      Code operand = generate(call.operands().get(i));
      statements.append(operand.statements());
      if (parameters[i].isPrimitive()) {
        if (!operand.neverNull()) {
          skipIfNull.add(operand.isNull());
        }
        arguments.add(operand.value());
        boxed.add(boxedType(parameters[i]) + ".valueOf(" + operand.value() + ")");
      } else {
        String value = "(" + operand.isNull() + " ? null : " + toJava(parameters[i], operand.value()) + ")";
        String argument = "a" + nextVariable++;
        statements.append(parameters[i].getCanonicalName()).append(' ').append(argument).append(" = ")
            .append(value).append(";\n");
        arguments.add(argument);
        boxed.add(argument);
      }
    }
    DataType type = call.type();
    Class<?> returns = method.getReturnType();
    String isNull = "n" + nextVariable;
    String value = "v" + nextVariable++;
    String result = "r" + nextVariable++;
    statements.append("boolean ").append(isNull).append(" = ").append(skipIfNull.isEmpty() ? "false" : String.join(" || ", skipIfNull))
        .append(";\n").append(javaType(type)).append(' ').append(value).append(" = ").append(defaultValue(type))
        .append(";\nif (!").append(isNull).append(") {\n  ").append(returns.getCanonicalName()).append(' ')
        .append(result).append(";\n  try {\n    ").append(result).append(" = ").append(receiver).append('.')
        .append(method.getName()).append('(').append(String.join(", ", arguments)).append(");\n")
        .append("  } catch (Exception e) {\n    throw CodegenSupport.userFunctionFailed(\"")
        .append(call.function().name().replace("\\", "\\\\").replace("\"", "\\\""))
        .append("\", e, new Object[] {").append(String.join(", ", boxed)).append("}, i);\n  }\n");
    if (returns.isPrimitive()) {
      statements.append("  ").append(value).append(" = ").append(result).append(";\n");
    } else {
      statements.append("  if (").append(result).append(" == null) {\n    ").append(isNull).append(" = true;\n  } else {\n    ")
          .append(value).append(" = ").append(fromJava(returns, result, type)).append(";\n  }\n");
    }
    statements.append("}\n");
    return new Code(statements.toString(), isNull, value);
  }

  private boolean isPlainColumn(ExprSpec operand) {
    return operand instanceof InputRef ref && input.type(ref.index()).kind() == ref.type().kind();
  }

  /**
   * A call of {@link io.sluice.udf.spi.VectorizedFunction#evalBatch} over the argument columns
   * before the row loop; each row then reads its result from the batch's result vector.
   */
  private Code vectorizedCall(UserCall call, String receiver) {
    DataType type = call.type();
    TypeKind kind = type.kind();
    String vectorClass = vectorClass(kind);
    String result = "batch" + nextVariable++;
    declare(vectorClass + " " + result);
    List<String> arguments = new ArrayList<>();
    for (ExprSpec operand : call.operands()) {
      int index = ((InputRef) operand).index();
      inputs.add(index);
      arguments.add("in" + index);
    }
    String allocator = arguments.get(0) + ".getAllocator()";
    String extra = kind == TypeKind.DECIMAL ? ", " + type.precision() + ", " + type.scale() : "";
    int overload = call.function().methods().indexOf(call.method());
    batchCalls.append("if (").append(result).append(" == null) {\n  ").append(result).append(" = new ")
        .append(vectorClass).append("(\"").append(result).append("\", ").append(allocator).append(extra)
        .append(");\n}\ntry {\n  ").append(receiver).append(".evalBatch(").append(overload)
        .append(", new FieldVector[] {").append(String.join(", ", arguments)).append("}, n, ").append(result)
        .append(");\n} catch (Exception e) {\n  throw CodegenSupport.userFunctionFailed(\"")
        .append(call.function().name().replace("\\", "\\\\").replace("\"", "\\\""))
        .append("\", e, n);\n}\n");
    batchRelease.append("if (").append(result).append(" != null) {\n  ").append(result).append(".clear();\n}\n");
    String isNull = "n" + nextVariable;
    String value = "v" + nextVariable++;
    String read = switch (kind) {
      case BOOLEAN -> result + ".get(i) != 0";
      case DECIMAL -> result + ".getObjectNotNull(i)";
      case VARCHAR -> "CodegenSupport.readString(" + result + ", i)";
      default -> result + ".get(i)";
    };
    return new Code("boolean " + isNull + " = " + result + ".isNull(i);\n" + javaType(type) + " " + value + " = "
        + isNull + " ? " + defaultValue(type) + " : " + read + ";\n", isNull, value);
  }

  private static String boxedType(Class<?> primitive) {
    return switch (primitive.getName()) {
      case "boolean" -> "Boolean";
      case "byte" -> "Byte";
      case "short" -> "Short";
      case "int" -> "Integer";
      case "long" -> "Long";
      case "float" -> "Float";
      case "double" -> "Double";
      default -> throw new IllegalArgumentException("not a primitive parameter: " + primitive);
    };
  }

  /** The Java argument of class {@code parameter} from a column value of the matching SQL kind. */
  private static String toJava(Class<?> parameter, String value) {
    if (parameter == LocalDate.class) {
      return "java.time.LocalDate.ofEpochDay(" + value + ")";
    }
    if (parameter == LocalDateTime.class) {
      return "CodegenSupport.toLocalDateTime(" + value + ")";
    }
    if (parameter == Instant.class) {
      return "java.time.Instant.ofEpochMilli(" + value + ")";
    }
    if (parameter == String.class || parameter == byte[].class || parameter == BigDecimal.class) {
      return value;
    }
    return parameter.getSimpleName() + ".valueOf(" + value + ")";
  }

  /** The column value of SQL type {@code type} from a non-null result of class {@code returns}. */
  private static String fromJava(Class<?> returns, String result, DataType type) {
    if (returns == LocalDate.class) {
      return "(int) " + result + ".toEpochDay()";
    }
    if (returns == LocalDateTime.class) {
      return "CodegenSupport.fromLocalDateTime(" + result + ")";
    }
    if (returns == Instant.class) {
      return result + ".toEpochMilli()";
    }
    if (returns == BigDecimal.class) {
      return "CodegenSupport.decimal(" + result + ", " + type.scale() + ")";
    }
    if (returns == String.class || returns == byte[].class) {
      return result;
    }
    return result + "." + javaType(type) + "Value()";
  }

  private Code call(Call call) {
    ScalarOp op = call.op();
    DataType type = call.type();
    List<ExprSpec> operands = call.operands();
    return switch (op) {
      case PLUS, MINUS, TIMES, DIVIDE, MOD -> arithmetic(call);
      case NEGATE -> strict(type, type, operands, v -> type.kind() == TypeKind.DECIMAL
          ? v.get(0) + ".negate()" : "(" + javaType(type) + ") -" + v.get(0));
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> comparison(call);
      case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> distinction(call);
      case AND -> logical(operands, true);
      case OR -> logical(operands, false);
      case NOT -> strict(type, type, operands, v -> "!" + v.get(0));
      case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> test(op, generate(call.operand(0)));
      case CASE -> caseWhen(call);
      case COALESCE -> coalesce(call);
      case NULLIF -> nullIf(call);
      case CAST -> call.operand(0).type().kind() == TypeKind.NULL
          ? nullConstant(type)
          : strict(type, type, operands, v -> cast(v.get(0), call.operand(0).type(), type));
      case UPPER -> function(call, "StringFunctions.upper");
      case LOWER -> function(call, "StringFunctions.lower");
      case INITCAP -> function(call, "StringFunctions.initcap");
      case CHAR_LENGTH -> strict(type, DataType.of(TypeKind.INTEGER), operands, v -> "StringFunctions.charLength(" + v.get(0) + ")");
      case POSITION -> strict(type, DataType.of(TypeKind.INTEGER), operands,
          v -> "StringFunctions.position(" + v.get(0) + ", " + v.get(1) + ")");
      case SUBSTRING -> strict(type, type, operands, v -> "StringFunctions.substring(" + v.get(0) + ", (long) " + v.get(1)
          + (v.size() > 2 ? ", (long) " + v.get(2) : "") + ")");
      case TRIM -> function(call, "StringFunctions.trim");
      case REPLACE -> function(call, "StringFunctions.replace");
      case CONCAT -> strict(type, type, operands, v -> "(" + String.join(" + ", v) + ")");
      case LIKE, SIMILAR -> patternMatch(call);
      case ABS -> strict(type, type, operands, v -> type.kind() == TypeKind.DECIMAL
          ? v.get(0) + ".abs()" : "(" + javaType(type) + ") Math.abs(" + v.get(0) + ")");
      case ROUND -> round(call);
      case FLOOR, CEIL -> floorCeil(call);
      case POWER, SQRT, LN, LOG10, EXP -> {
        List<DataType> types = operands.stream().map(ExprSpec::type).toList();
        yield strict(type, DOUBLE, operands, v -> {
          List<String> doubles = new ArrayList<>();
          for (int j = 0; j < v.size(); j++) {
            doubles.add(convert(v.get(j), types.get(j), DOUBLE));
          }
          return "MathFunctions." + mathFunction(op) + "(" + String.join(", ", doubles) + ")";
        });
      }
      case CURRENT_TIMESTAMP -> {
        usesNow = true;
        yield new Code("", "false", "now");
      }
      case EXTRACT -> extract(call);
      case FLOOR_TIME, CEIL_TIME -> floorCeilTime(call);
      case TIMESTAMPADD -> timestampAdd(call);
      case TIMESTAMPDIFF -> timestampDiff(call);
      case REINTERPRET -> strict(type, type, operands,
          v -> javaType(type).equals(javaType(call.operand(0).type())) ? v.get(0) : "(" + javaType(type) + ") " + v.get(0));
      case FIELD -> field(call);
      case ELEMENT -> element(call);
      case CARDINALITY -> cardinality(call);
    };
  }

  /**
   * A structured value reached from a column through field accesses: the vector holding it
   * (row-aligned with the input, so read at row {@code i}) and when it is NULL at row i.
   */
  private record Nested(String vector, String isNull) {}

  /** The vector of a ROW or ARRAY column, or of a field of one; other expressions are refused. */
  private Nested nested(ExprSpec expression) {
    if (expression instanceof InputRef ref) {
      inputs.add(ref.index());
      return new Nested("in" + ref.index(), "in" + ref.index() + ".isNull(i)");
    }
    if (expression instanceof Call call && call.op() == ScalarOp.FIELD) {
      Nested row = nested(call.operand(0));
      int ordinal = ((Number) ((Literal) call.operand(1)).value()).intValue();
      String child = nestedVector(call.type().kind(), "(FieldVector) " + row.vector() + ".getChildByOrdinal(" + ordinal + ")");
      return new Nested(child, "(" + row.isNull() + " || " + child + ".isNull(i))");
    }
    throw new IllegalArgumentException("Fields and elements can be read from ROW and ARRAY columns and their fields only, "
        + "not from " + expression);
  }

  /** Declares a field holding a nested vector, set from {@code source} before each batch. */
  private String nestedVector(TypeKind kind, String source) {
    String name = "nest" + nextNested++;
    declare(vectorClass(kind) + " " + name);
    nestedSetup.append("    ").append(name).append(" = (").append(vectorClass(kind)).append(") ").append(source)
        .append(";\n");
    return name;
  }

  /** A field of a ROW: NULL when the row or the field is. */
  private Code field(Call call) {
    if (call.type().kind().isStructured()) {
      throw unsupportedStructured(call);
    }
    Nested field = nested(call);
    return readNested(field.isNull(), field.vector(), "i", call.type());
  }

  /** The 1-based element of an ARRAY: NULL when the array, the index or the element is, or the index is out of range. */
  private Code element(Call call) {
    DataType type = call.type();
    if (type.kind().isStructured()) {
      throw unsupportedStructured(call);
    }
    Nested list = nested(call.operand(0));
    String data = nestedVector(type.kind(), list.vector() + ".getDataVector()");
    Code index = generate(call.operand(1));
    String value = "v" + nextVariable;
    String isNull = "n" + nextVariable;
    String position = "p" + nextVariable++;
    Code read = readNested("false", data, "(int) " + position, type);
    String statements = index.statements()
        + "boolean " + isNull + " = true;\n" + javaType(type) + " " + value + " = " + defaultValue(type) + ";\n"
        + "if (!" + list.isNull() + (index.neverNull() ? "" : " && !" + index.isNull()) + " && " + index.value() + " >= 1) {\n"
        + "  long " + position + " = " + list.vector() + ".getElementStartIndex(i) + (long) " + index.value() + " - 1;\n"
        + "  if (" + position + " < " + list.vector() + ".getElementEndIndex(i) && !" + data + ".isNull((int) " + position
        + ")) {\n" + indent(read.statements(), 4)
        + "    " + isNull + " = false;\n    " + value + " = " + read.value() + ";\n  }\n}\n";
    return new Code(statements, isNull, value);
  }

  /** The number of elements of an ARRAY, NULL when the array is. */
  private Code cardinality(Call call) {
    Nested list = nested(call.operand(0));
    String value = "v" + nextVariable;
    String isNull = "n" + nextVariable++;
    return new Code("boolean " + isNull + " = " + list.isNull() + ";\nint " + value + " = " + isNull + " ? 0 : "
        + list.vector() + ".getElementEndIndex(i) - " + list.vector() + ".getElementStartIndex(i);\n", isNull, value);
  }

  /** Reads a primitive value at {@code index} of {@code vector} unless {@code isNull}. */
  private Code readNested(String isNull, String vector, String index, DataType type) {
    String read = switch (type.kind()) {
      case BOOLEAN -> vector + ".get(" + index + ") != 0";
      case DECIMAL -> vector + ".getObjectNotNull(" + index + ")";
      case VARCHAR -> "CodegenSupport.readString(" + vector + ", " + index + ")";
      default -> vector + ".get(" + index + ")";
    };
    String value = "v" + nextVariable;
    if (isNull.equals("false")) {
      nextVariable++;
      return new Code(javaType(type) + " " + value + " = " + read + ";\n", "false", value);
    }
    String nullFlag = "n" + nextVariable++;
    return new Code("boolean " + nullFlag + " = " + isNull + ";\n" + javaType(type) + " " + value + " = " + nullFlag
        + " ? " + defaultValue(type) + " : " + read + ";\n", nullFlag, value);
  }

  private static IllegalArgumentException unsupportedStructured(ExprSpec expression) {
    return new IllegalArgumentException("Expressions of type " + expression.type() + " are not supported for ROW/ARRAY "
        + "values yet (" + expression + "); select the whole column, or read its primitive fields and elements");
  }

  /** A call of a static function that takes and returns the call's own representations. */
  private Code function(Call call, String function) {
    return strict(call.type(), call.type(), call.operands(), v -> function + "(" + String.join(", ", v) + ")");
  }

  private Code strict(DataType type, DataType natural, List<ExprSpec> operands, Function<List<String>, String> compute) {
    List<Code> codes = new ArrayList<>();
    for (ExprSpec operand : operands) {
      codes.add(generate(operand));
    }
    return strictCodes(type, natural, codes, compute);
  }

  /**
   * A NULL-propagating node: operand j+1 is evaluated only when operand j is not NULL, so a
   * NULL short-circuits work (and errors) in the remaining operands.
   */
  private Code strictCodes(DataType type, DataType natural, List<Code> operands, Function<List<String>, String> compute) {
    if (operands.stream().anyMatch(Code::alwaysNull)) {
      return nullConstant(type);
    }
    int id = nextVariable++;
    String value = "v" + id;
    String isNull = "n" + id;
    boolean nullable = !operands.stream().allMatch(Code::neverNull);
    String expression = coerce(compute.apply(operands.stream().map(Code::value).toList()), natural, type);
    String inner = value + " = " + expression + ";\n" + (nullable ? isNull + " = false;\n" : "");
    for (int j = operands.size() - 1; j >= 0; j--) {
      Code operand = operands.get(j);
      inner = operand.statements() + (operand.neverNull() ? inner : "if (!" + operand.isNull() + ") {\n" + indent(inner, 2) + "}\n");
    }
    String declarations = (nullable ? "boolean " + isNull + " = true;\n" : "")
        + javaType(type) + " " + value + " = " + defaultValue(type) + ";\n";
    return new Code(declarations + inner, nullable ? isNull : "false", value);
  }

  private Code nullConstant(DataType type) {
    return new Code("", "true", defaultValue(type));
  }

  private Code arithmetic(Call call) {
    DataType type = call.type();
    DataType left = call.operand(0).type();
    DataType right = call.operand(1).type();
    if (type.kind().isNumeric() && left.kind().isNumeric() && right.kind().isNumeric()) {
      return strict(type, type, call.operands(),
          v -> numericArithmetic(call.op(), type, operand(v.get(0), left, type), operand(v.get(1), right, type)));
    }
    return strict(type, type, call.operands(), v -> temporalArithmetic(call.op(), left, right, type, v.get(0), v.get(1)));
  }

  private static String numericArithmetic(ScalarOp op, DataType type, String x, String y) {
    String javaType = javaType(type);
    return switch (type.kind()) {
      case DECIMAL -> switch (op) {
        case PLUS -> "MathFunctions.scale(" + x + ".add(" + y + "), " + type.scale() + ")";
        case MINUS -> "MathFunctions.scale(" + x + ".subtract(" + y + "), " + type.scale() + ")";
        case TIMES -> "MathFunctions.scale(" + x + ".multiply(" + y + "), " + type.scale() + ")";
        case DIVIDE -> "MathFunctions.divide(" + x + ", " + y + ", " + type.scale() + ")";
        default -> "MathFunctions.mod(" + x + ", " + y + ", " + type.scale() + ")";
      };
      case FLOAT, DOUBLE -> "(" + javaType + ") (" + x + " " + symbol(op) + " " + y + ")";
      default -> switch (op) {
        case DIVIDE -> "(" + javaType + ") MathFunctions.divide(" + x + ", " + y + ")";
        case MOD -> "(" + javaType + ") MathFunctions.mod(" + x + ", " + y + ")";
        default -> "(" + javaType + ") (" + x + " " + symbol(op) + " " + y + ")";
      };
    };
  }

  /** Datetime +- interval, datetime - datetime, interval +- interval and interval * / number. */
  private static String temporalArithmetic(ScalarOp op, DataType left, DataType right, DataType type, String x, String y) {
    TypeKind a = left.kind();
    TypeKind b = right.kind();
    if (op == ScalarOp.PLUS && isInterval(a) && isDatetime(b)) {
      return temporalArithmetic(op, right, left, type, y, x);
    }
    if (isDatetime(a) && isInterval(b) && (op == ScalarOp.PLUS || op == ScalarOp.MINUS)) {
      String amount = op == ScalarOp.MINUS ? "(-" + y + ")" : y;
      String result;
      TypeKind resultKind = a;
      if (b == TypeKind.INTERVAL_YEAR_MONTH) {
        result = switch (a) {
          case TIMESTAMP -> "DateTimeFunctions.addMonths(" + x + ", " + amount + ")";
          case DATE -> "DateTimeFunctions.addMonthsToDate(" + x + ", " + amount + ")";
          default -> x;
        };
      } else if (a == TypeKind.TIME) {
        result = "DateTimeFunctions.addToTime(" + x + ", " + amount + ")";
      } else {
        resultKind = TypeKind.TIMESTAMP;
        result = "(" + millis(x, a) + " + " + amount + ")";
      }
      return coerce(result, DataType.of(resultKind), type);
    }
    if (isDatetime(a) && a == b && op == ScalarOp.MINUS) {
      return type.kind() == TypeKind.INTERVAL_YEAR_MONTH
          ? "DateTimeFunctions.monthsBetween(" + millis(y, b) + ", " + millis(x, a) + ")"
          : "(" + millis(x, a) + " - " + millis(y, b) + ")";
    }
    if (isInterval(a) && a == b && (op == ScalarOp.PLUS || op == ScalarOp.MINUS)) {
      return "(" + javaType(type) + ") (" + x + " " + symbol(op) + " " + y + ")";
    }
    if (op == ScalarOp.TIMES && b.isNumeric() && isInterval(a) || op == ScalarOp.DIVIDE && isInterval(a)) {
      return scaleInterval(op, type, x, right, y);
    }
    if (op == ScalarOp.TIMES && a.isNumeric() && isInterval(b)) {
      return scaleInterval(op, type, y, left, x);
    }
    throw new IllegalArgumentException("Unsupported operands for " + op + ": " + left + ", " + right + " -> " + type);
  }

  private static String scaleInterval(ScalarOp op, DataType type, String interval, DataType factorType, String factor) {
    String javaType = javaType(type);
    if (factorType.kind().isExactInteger()) {
      return op == ScalarOp.TIMES
          ? "(" + javaType + ") (" + interval + " * " + factor + ")"
          : "(" + javaType + ") MathFunctions.divide((long) " + interval + ", (long) " + factor + ")";
    }
    String real = convert(factor, factorType, DOUBLE);
    return "(" + javaType + ") Math.round(" + interval + " " + symbol(op) + " " + real + ")";
  }

  private Code comparison(Call call) {
    ScalarOp op = call.op();
    ExprSpec left = call.operand(0);
    ExprSpec right = call.operand(1);
    if (isVarcharColumn(left) && isStringLiteral(right)) {
      return utf8Comparison(op, (InputRef) left, (Literal) right);
    }
    if (isVarcharColumn(right) && isStringLiteral(left)) {
      return utf8Comparison(flip(op), (InputRef) right, (Literal) left);
    }
    DataType common = commonType(left.type(), right.type());
    return strict(call.type(), BOOLEAN, call.operands(),
        v -> compare(op, common, operand(v.get(0), left.type(), common), operand(v.get(1), right.type(), common)));
  }

  /** Compares a VARCHAR column with a string literal on the UTF-8 bytes, without decoding. */
  private Code utf8Comparison(ScalarOp op, InputRef column, Literal literal) {
    int index = column.index();
    inputs.add(index);
    String text = literalField(literal);
    String bytes = text + "Utf8";
    declare("final byte[] " + bytes);
    constructor.append("    ").append(bytes).append(" = CodegenSupport.utf8(").append(text).append(");\n");
    String test = switch (op) {
      case EQUALS -> "CodegenSupport.equalsUtf8(in" + index + ", i, " + bytes + ")";
      case NOT_EQUALS -> "!CodegenSupport.equalsUtf8(in" + index + ", i, " + bytes + ")";
      default -> "CodegenSupport.compareUtf8(in" + index + ", i, " + bytes + ") " + symbol(op) + " 0";
    };
    int id = nextVariable++;
    if (!input.type(index).nullable()) {
      return new Code("boolean v" + id + " = " + test + ";\n", "false", "v" + id);
    }
    return new Code("boolean n" + id + " = BitVectorHelper.get(validity" + index + ", i) == 0;\n"
        + "boolean v" + id + " = !n" + id + " && " + test + ";\n", "n" + id, "v" + id);
  }

  private Code distinction(Call call) {
    ExprSpec left = call.operand(0);
    ExprSpec right = call.operand(1);
    DataType common = commonType(left.type(), right.type());
    Code x = generate(left);
    Code y = generate(right);
    String equal = compare(ScalarOp.EQUALS, common, operand(x.value(), left.type(), common), operand(y.value(), right.type(), common));
    String notDistinct = x.isNull() + " ? " + y.isNull() + " : (!" + y.isNull() + " && " + equal + ")";
    String value = "v" + nextVariable++;
    String result = call.op() == ScalarOp.IS_DISTINCT_FROM ? "!(" + notDistinct + ")" : "(" + notDistinct + ")";
    return new Code(x.statements() + y.statements() + "boolean " + value + " = " + result + ";\n", "false", value);
  }

  /**
   * Three-valued AND (or OR): stops at the first FALSE (TRUE) operand; otherwise the result is
   * NULL if any operand was NULL.
   */
  private Code logical(List<ExprSpec> operands, boolean and) {
    int id = nextVariable++;
    String value = "v" + id;
    String isNull = "n" + id;
    String decisive = and ? "false" : "true";
    String inner = "";
    for (int j = operands.size() - 1; j >= 0; j--) {
      Code operand = generate(operands.get(j));
      String test = (operand.neverNull() ? "" : "!" + operand.isNull() + " && ") + (and ? "!" : "") + operand.value();
      inner = operand.statements() + "if (" + test + ") {\n  " + value + " = " + decisive + ";\n  " + isNull + " = false;\n"
          + "} else {\n" + (operand.neverNull() ? "" : "  if (" + operand.isNull() + ") {\n    " + isNull + " = true;\n  }\n")
          + indent(inner, 2) + "}\n";
    }
    return new Code("boolean " + isNull + " = false;\nboolean " + value + " = " + and + ";\n" + inner, isNull, value);
  }

  private Code test(ScalarOp op, Code operand) {
    String n = operand.isNull();
    String v = operand.value();
    String result = switch (op) {
      case IS_NULL -> n;
      case IS_NOT_NULL -> "!" + n;
      case IS_TRUE -> "!" + n + " && " + v;
      case IS_NOT_TRUE -> n + " || !" + v;
      case IS_FALSE -> "!" + n + " && !" + v;
      default -> n + " || " + v;
    };
    String value = "v" + nextVariable++;
    return new Code(operand.statements() + "boolean " + value + " = " + result + ";\n", "false", value);
  }

  /** CASE: only the selected THEN (or the ELSE) is evaluated; a NULL WHEN is not TRUE. */
  private Code caseWhen(Call call) {
    DataType type = call.type();
    List<ExprSpec> operands = call.operands();
    int id = nextVariable++;
    String value = "v" + id;
    String isNull = "n" + id;
    ExprSpec otherwise = operands.get(operands.size() - 1);
    String tail = assign(generate(otherwise), otherwise.type(), type, value, isNull);
    for (int j = operands.size() - 3; j >= 0; j -= 2) {
      Code when = generate(operands.get(j));
      Code then = generate(operands.get(j + 1));
      String test = (when.neverNull() ? "" : "!" + when.isNull() + " && ") + when.value();
      tail = when.statements() + "if (" + test + ") {\n"
          + indent(assign(then, operands.get(j + 1).type(), type, value, isNull), 2)
          + "} else {\n" + indent(tail, 2) + "}\n";
    }
    return new Code("boolean " + isNull + " = true;\n" + javaType(type) + " " + value + " = " + defaultValue(type) + ";\n" + tail,
        isNull, value);
  }

  private Code coalesce(Call call) {
    DataType type = call.type();
    List<ExprSpec> operands = call.operands();
    int id = nextVariable++;
    String value = "v" + id;
    String isNull = "n" + id;
    String tail = "";
    for (int j = operands.size() - 1; j >= 0; j--) {
      Code operand = generate(operands.get(j));
      String taken = value + " = " + coerce(operand.value(), operands.get(j).type(), type) + ";\n" + isNull + " = false;\n";
      if (operand.alwaysNull()) {
        continue;
      }
      tail = operand.neverNull()
          ? operand.statements() + taken
          : operand.statements() + "if (!" + operand.isNull() + ") {\n" + indent(taken, 2) + "} else {\n" + indent(tail, 2) + "}\n";
    }
    return new Code("boolean " + isNull + " = true;\n" + javaType(type) + " " + value + " = " + defaultValue(type) + ";\n" + tail,
        isNull, value);
  }

  private Code nullIf(Call call) {
    DataType type = call.type();
    ExprSpec left = call.operand(0);
    ExprSpec right = call.operand(1);
    DataType common = commonType(left.type(), right.type());
    Code x = generate(left);
    Code y = generate(right);
    if (x.alwaysNull()) {
      return nullConstant(type);
    }
    int id = nextVariable++;
    String value = "v" + id;
    String isNull = "n" + id;
    String equal = y.alwaysNull() ? "false"
        : compare(ScalarOp.EQUALS, common, operand(x.value(), left.type(), common), operand(y.value(), right.type(), common));
    String keep = "if (" + y.isNull() + " || !(" + equal + ")) {\n  " + value + " = " + coerce(x.value(), left.type(), type)
        + ";\n  " + isNull + " = false;\n}\n";
    String body = x.statements() + (x.neverNull() ? y.statements() + keep
        : "if (!" + x.isNull() + ") {\n" + indent(y.statements() + keep, 2) + "}\n");
    return new Code("boolean " + isNull + " = true;\n" + javaType(type) + " " + value + " = " + defaultValue(type) + ";\n" + body,
        isNull, value);
  }

  /** Assigns a branch's result to the node's locals, leaving them NULL when the branch is. */
  private static String assign(Code branch, DataType branchType, DataType type, String value, String isNull) {
    if (branch.alwaysNull()) {
      return branch.statements();
    }
    String taken = value + " = " + coerce(branch.value(), branchType, type) + ";\n" + isNull + " = false;\n";
    return branch.statements() + (branch.neverNull() ? taken : "if (!" + branch.isNull() + ") {\n" + indent(taken, 2) + "}\n");
  }

  /** LIKE and SIMILAR TO; a literal pattern is compiled once, in the constructor. */
  private Code patternMatch(Call call) {
    boolean similar = call.op() == ScalarOp.SIMILAR;
    List<ExprSpec> operands = call.operands();
    boolean literalPattern = operands.subList(1, operands.size()).stream()
        .allMatch(o -> o instanceof Literal literal && literal.value() != null);
    String regex = "regex" + nextVariable++;
    if (literalPattern) {
      String pattern = literalField((Literal) operands.get(1));
      String escape = operands.size() > 2 ? literalField((Literal) operands.get(2)) : "null";
      declare("final java.util.regex.Pattern " + regex);
      constructor.append("    ").append(regex).append(" = StringFunctions.").append(similar ? "similarPattern" : "likePattern")
          .append("(").append(pattern).append(", ").append(escape).append(");\n");
      return strict(call.type(), BOOLEAN, operands.subList(0, 1), v -> "StringFunctions.matches(" + regex + ", " + v.get(0) + ")");
    }
    declare("final RegexCache " + regex);
    constructor.append("    ").append(regex).append(" = new RegexCache(").append(similar).append(");\n");
    return strict(call.type(), BOOLEAN, operands, v -> "StringFunctions.matches(" + regex + ".pattern(" + v.get(1) + ", "
        + (v.size() > 2 ? v.get(2) : "null") + "), " + v.get(0) + ")");
  }

  private Code round(Call call) {
    DataType type = call.type();
    DataType argument = call.operand(0).type();
    return strict(type, type.kind() == TypeKind.DECIMAL ? type : argument, call.operands(), v -> {
      String digits = v.size() > 1 ? "(int) " + v.get(1) : "0";
      return switch (argument.kind()) {
        case DECIMAL -> "MathFunctions.round(" + v.get(0) + ", " + digits + ", " + type.scale() + ")";
        case FLOAT, DOUBLE -> "(" + javaType(argument) + ") MathFunctions.round((double) " + v.get(0) + ", " + digits + ")";
        default -> "(" + javaType(argument) + ") MathFunctions.round((long) " + v.get(0) + ", " + digits + ")";
      };
    });
  }

  private Code floorCeil(Call call) {
    DataType type = call.type();
    DataType argument = call.operand(0).type();
    String name = call.op() == ScalarOp.FLOOR ? "floor" : "ceil";
    return strict(type, type.kind() == TypeKind.DECIMAL ? type : argument, call.operands(), v -> switch (argument.kind()) {
      case DECIMAL -> "MathFunctions." + name + "(" + v.get(0) + ", " + type.scale() + ")";
      case FLOAT, DOUBLE -> "(" + javaType(argument) + ") Math." + name + "(" + v.get(0) + ")";
      default -> v.get(0);
    });
  }

  private Code extract(Call call) {
    int unit = unit(call.operand(0));
    DataType argument = call.operand(1).type();
    String function = switch (argument.kind()) {
      case TIMESTAMP -> "extractTimestamp";
      case DATE -> "extractDate";
      case TIME -> "extractTime";
      case INTERVAL_DAY_TIME -> "extractIntervalDayTime";
      case INTERVAL_YEAR_MONTH -> "extractIntervalYearMonth";
      default -> throw new IllegalArgumentException("EXTRACT from " + argument);
    };
    return strict(call.type(), BIGINT, call.operands().subList(1, 2),
        v -> "DateTimeFunctions." + function + "(" + unit + ", " + v.get(0) + ")");
  }

  private Code floorCeilTime(Call call) {
    int unit = unit(call.operand(1));
    DataType argument = call.operand(0).type();
    boolean floor = call.op() == ScalarOp.FLOOR_TIME;
    return strict(call.type(), argument, call.operands().subList(0, 1), v -> switch (argument.kind()) {
      case DATE -> "DateTimeFunctions." + (floor ? "floorDate(" : "ceilDate(") + v.get(0) + ", " + unit + ")";
      case TIME -> "(int) DateTimeFunctions." + (floor ? "floor(" : "ceil(") + "(long) " + v.get(0) + ", " + unit + ")";
      default -> "DateTimeFunctions." + (floor ? "floor(" : "ceil(") + v.get(0) + ", " + unit + ")";
    });
  }

  private Code timestampAdd(Call call) {
    int unit = unit(call.operand(0));
    DataType argument = call.operand(2).type();
    DataType natural = argument.kind() == TypeKind.DATE && unit > DateTimeFunctions.DAY ? TIMESTAMP : argument;
    return strict(call.type(), natural, call.operands().subList(1, 3), v -> {
      String sum = "DateTimeFunctions.add(" + unit + ", (long) " + v.get(0) + ", " + millis(v.get(1), argument.kind()) + ")";
      return switch (natural.kind()) {
        case DATE -> "DateTimeFunctions.timestampToDate(" + sum + ")";
        case TIME -> "DateTimeFunctions.timestampToTime(" + sum + ")";
        default -> sum;
      };
    });
  }

  private Code timestampDiff(Call call) {
    int unit = unit(call.operand(0));
    TypeKind from = call.operand(1).type().kind();
    TypeKind to = call.operand(2).type().kind();
    return strict(call.type(), BIGINT, call.operands().subList(1, 3),
        v -> "DateTimeFunctions.diff(" + unit + ", " + millis(v.get(0), from) + ", " + millis(v.get(1), to) + ")");
  }

  private static int unit(ExprSpec operand) {
    if (operand instanceof Literal literal && literal.value() instanceof String name) {
      return DateTimeFunctions.unit(name);
    }
    throw new IllegalArgumentException("A time unit must be a VARCHAR literal, not " + operand);
  }

  /** Converts between representations where the kinds (or DECIMAL scales) differ. */
  private static String coerce(String value, DataType from, DataType to) {
    boolean same = from.kind() == to.kind() && (from.kind() != TypeKind.DECIMAL || from.scale() == to.scale());
    return same || from.kind() == TypeKind.NULL ? value : convert(value, from, to);
  }

  /** An arithmetic or comparison operand in the computation type; DECIMAL keeps its own scale. */
  private static String operand(String value, DataType from, DataType to) {
    if (from.kind() == to.kind()) {
      return value;
    }
    if (to.kind() == TypeKind.DECIMAL && from.kind().isNumeric()) {
      return "java.math.BigDecimal.valueOf(" + (from.kind().isExactInteger() ? "(long) " : "(double) ") + value + ")";
    }
    return convert(value, from, to);
  }

  /** CAST: {@link #convert} plus the length and precision limits of the target type. */
  private static String cast(String value, DataType from, DataType to) {
    String converted = convert(value, from, to);
    if (to.kind() == TypeKind.VARCHAR && to.precision() >= 0 && to.precision() != Integer.MAX_VALUE
        && (from.kind() != TypeKind.VARCHAR || from.precision() < 0 || from.precision() > to.precision())) {
      return "CastFunctions.truncate(" + converted + ", " + to.precision() + ")";
    }
    if (to.kind() == TypeKind.TIMESTAMP && timestampPrecision(to) < 3 && timestampPrecision(from) > timestampPrecision(to)) {
      return "CastFunctions.truncateTimestamp(" + converted + ", " + timestampPrecision(to) + ")";
    }
    return converted;
  }

  private static int timestampPrecision(DataType type) {
    return type.kind() != TypeKind.TIMESTAMP ? 3 : type.precision() < 0 ? 3 : type.precision();
  }

  /** The conversion of a non-NULL value between representations, with range checks. */
  private static String convert(String v, DataType from, DataType to) {
    TypeKind f = from.kind();
    TypeKind t = to.kind();
    String javaType = javaType(to);
    if (f == t) {
      return t == TypeKind.DECIMAL && (from.scale() != to.scale() || from.precision() != to.precision())
          ? "CastFunctions.toDecimal(" + v + ", " + decimalPrecision(to) + ", " + to.scale() + ")" : v;
    }
    if (t == TypeKind.VARCHAR) {
      return switch (f) {
        case TINYINT, SMALLINT, INTEGER, BIGINT -> "String.valueOf(" + v + ")";
        case FLOAT -> "Float.toString(" + v + ")";
        case DOUBLE -> "Double.toString(" + v + ")";
        case DECIMAL -> v + ".toPlainString()";
        case BOOLEAN -> "CastFunctions.formatBoolean(" + v + ")";
        case DATE -> "CastFunctions.formatDate(" + v + ")";
        case TIME -> "CastFunctions.formatTime(" + v + ", " + Math.max(0, Math.min(3, from.precision())) + ")";
        case TIMESTAMP -> "CastFunctions.formatTimestamp(" + v + ", " + Math.min(3, timestampPrecision(from)) + ")";
        case INTERVAL_DAY_TIME -> "CastFunctions.formatIntervalDayTime(" + v + ")";
        case INTERVAL_YEAR_MONTH -> "CastFunctions.formatIntervalYearMonth(" + v + ")";
        case VARBINARY -> "CodegenSupport.fromUtf8(" + v + ")";
        default -> throw unsupportedCast(from, to);
      };
    }
    if (f == TypeKind.VARCHAR) {
      return switch (t) {
        case TINYINT, SMALLINT, INTEGER -> "(" + javaType + ") CastFunctions.parseIntegral(" + v + ", \"" + t + "\")";
        case BIGINT -> "CastFunctions.parseBigint(" + v + ", \"BIGINT\")";
        case FLOAT, DOUBLE -> "(" + javaType + ") CastFunctions.parseDouble(" + v + ", \"" + t + "\")";
        case DECIMAL -> "CastFunctions.parseDecimal(" + v + ", " + decimalPrecision(to) + ", " + to.scale() + ")";
        case BOOLEAN -> "CastFunctions.parseBoolean(" + v + ")";
        case DATE -> "CastFunctions.parseDate(" + v + ")";
        case TIME -> "CastFunctions.parseTime(" + v + ")";
        case TIMESTAMP -> "CastFunctions.parseTimestamp(" + v + ")";
        case VARBINARY -> "CodegenSupport.utf8(" + v + ")";
        default -> throw unsupportedCast(from, to);
      };
    }
    if (f.isNumeric() && t.isExactInteger()) {
      if (f.isExactInteger() && rank(f) <= rank(t)) {
        return "(" + javaType + ") " + v;
      }
      String asLong = f.isExactInteger() ? v : "CastFunctions.toBigint(" + v + ")";
      return switch (t) {
        case TINYINT -> "CastFunctions.toTinyint(" + asLong + ")";
        case SMALLINT -> "CastFunctions.toSmallint(" + asLong + ")";
        case INTEGER -> "CastFunctions.toInteger(" + asLong + ")";
        default -> asLong;
      };
    }
    if (f.isNumeric() && (t == TypeKind.FLOAT || t == TypeKind.DOUBLE)) {
      return f == TypeKind.DECIMAL ? v + "." + javaType + "Value()" : "(" + javaType + ") " + v;
    }
    if (f.isNumeric() && t == TypeKind.DECIMAL) {
      return "CastFunctions.toDecimal(" + (f.isExactInteger() ? "(long) " : "(double) ") + v + ", "
          + decimalPrecision(to) + ", " + to.scale() + ")";
    }
    if (f == TypeKind.BOOLEAN && t.isNumeric()) {
      return t == TypeKind.DECIMAL
          ? "CastFunctions.toDecimal(" + v + " ? 1L : 0L, " + decimalPrecision(to) + ", " + to.scale() + ")"
          : "(" + javaType + ") (" + v + " ? 1 : 0)";
    }
    if (f.isNumeric() && t == TypeKind.BOOLEAN) {
      return f == TypeKind.DECIMAL ? v + ".signum() != 0" : v + " != 0";
    }
    if (f == TypeKind.DATE && t == TypeKind.TIMESTAMP) {
      return "DateTimeFunctions.dateToTimestamp(" + v + ")";
    }
    if (f == TypeKind.TIMESTAMP && t == TypeKind.DATE) {
      return "DateTimeFunctions.timestampToDate(" + v + ")";
    }
    if (f == TypeKind.TIMESTAMP && t == TypeKind.TIME) {
      return "DateTimeFunctions.timestampToTime(" + v + ")";
    }
    throw unsupportedCast(from, to);
  }

  private static IllegalArgumentException unsupportedCast(DataType from, DataType to) {
    return new IllegalArgumentException("Unsupported CAST from " + from + " to " + to);
  }

  private static int decimalPrecision(DataType type) {
    return type.precision() < 0 ? 38 : type.precision();
  }

  private static int rank(TypeKind kind) {
    return switch (kind) {
      case TINYINT -> 1;
      case SMALLINT -> 2;
      case INTEGER -> 3;
      default -> 4;
    };
  }

  /** The type both comparison operands are converted to. */
  private static DataType commonType(DataType a, DataType b) {
    TypeKind x = a.kind();
    TypeKind y = b.kind();
    if (x == y) {
      return a;
    }
    if (x == TypeKind.NULL) {
      return b;
    }
    if (y == TypeKind.NULL) {
      return a;
    }
    if (x.isNumeric() && y.isNumeric()) {
      if (x == TypeKind.FLOAT || x == TypeKind.DOUBLE || y == TypeKind.FLOAT || y == TypeKind.DOUBLE) {
        return DOUBLE;
      }
      return x == TypeKind.DECIMAL || y == TypeKind.DECIMAL ? WIDE_DECIMAL : BIGINT;
    }
    if (isDatetime(x) && isDatetime(y) && x != TypeKind.TIME && y != TypeKind.TIME) {
      return TIMESTAMP;
    }
    throw new IllegalArgumentException("Cannot compare " + a + " with " + b);
  }

  private static String compare(ScalarOp op, DataType type, String x, String y) {
    String symbol = symbol(op);
    return switch (type.kind()) {
      case DECIMAL -> "(" + x + ".compareTo(" + y + ") " + symbol + " 0)";
      case VARCHAR -> switch (op) {
        case EQUALS -> x + ".equals(" + y + ")";
        case NOT_EQUALS -> "!" + x + ".equals(" + y + ")";
        default -> "(StringFunctions.compare(" + x + ", " + y + ") " + symbol + " 0)";
      };
      case VARBINARY -> "(CodegenSupport.compareBinary(" + x + ", " + y + ") " + symbol + " 0)";
      case BOOLEAN -> op == ScalarOp.EQUALS || op == ScalarOp.NOT_EQUALS
          ? "(" + x + " " + symbol + " " + y + ")" : "(Boolean.compare(" + x + ", " + y + ") " + symbol + " 0)";
      default -> "(" + x + " " + symbol + " " + y + ")";
    };
  }

  private static String symbol(ScalarOp op) {
    return switch (op) {
      case PLUS -> "+";
      case MINUS -> "-";
      case TIMES -> "*";
      case DIVIDE -> "/";
      case MOD -> "%";
      case EQUALS -> "==";
      case NOT_EQUALS -> "!=";
      case LESS_THAN -> "<";
      case LESS_THAN_OR_EQUAL -> "<=";
      case GREATER_THAN -> ">";
      case GREATER_THAN_OR_EQUAL -> ">=";
      default -> throw new IllegalArgumentException("No operator symbol for " + op);
    };
  }

  private static ScalarOp flip(ScalarOp op) {
    return switch (op) {
      case LESS_THAN -> ScalarOp.GREATER_THAN;
      case LESS_THAN_OR_EQUAL -> ScalarOp.GREATER_THAN_OR_EQUAL;
      case GREATER_THAN -> ScalarOp.LESS_THAN;
      case GREATER_THAN_OR_EQUAL -> ScalarOp.LESS_THAN_OR_EQUAL;
      default -> op;
    };
  }

  private static String mathFunction(ScalarOp op) {
    return switch (op) {
      case POWER -> "power";
      case SQRT -> "sqrt";
      case LN -> "ln";
      case LOG10 -> "log10";
      default -> "exp";
    };
  }

  private boolean isVarcharColumn(ExprSpec e) {
    return e instanceof InputRef ref && input.type(ref.index()).kind() == TypeKind.VARCHAR;
  }

  private static boolean isStringLiteral(ExprSpec e) {
    return e instanceof Literal literal && literal.value() instanceof String && literal.type().kind() == TypeKind.VARCHAR;
  }

  private static boolean isInterval(TypeKind kind) {
    return kind == TypeKind.INTERVAL_DAY_TIME || kind == TypeKind.INTERVAL_YEAR_MONTH;
  }

  private static boolean isDatetime(TypeKind kind) {
    return kind == TypeKind.TIMESTAMP || kind == TypeKind.DATE || kind == TypeKind.TIME;
  }

  /** A datetime value as TIMESTAMP millis (TIME as millis of 1970-01-01). */
  private static String millis(String value, TypeKind kind) {
    return switch (kind) {
      case DATE -> "DateTimeFunctions.dateToTimestamp(" + value + ")";
      case TIME -> "(long) " + value;
      default -> value;
    };
  }

  private void declare(String declaration) {
    fields.append("  private ").append(declaration).append(";\n");
  }

  private String read(int index, TypeKind kind) {
    String data = "data" + index;
    return switch (kind) {
      case BOOLEAN -> "BitVectorHelper.get(" + data + ", i) != 0";
      case DECIMAL -> "in" + index + ".getObjectNotNull(i)";
      case VARCHAR -> "CodegenSupport.readString(in" + index + ", i)";
      case VARBINARY -> "in" + index + ".get(i)";
      case TIMESTAMP -> "TimeStampVector.get(" + data + ", i)";
      default -> vectorClass(kind) + ".get(" + data + ", i)";
    };
  }

  private static String vectorValue(TypeKind kind, String value) {
    return switch (kind) {
      case BOOLEAN -> value + " ? 1 : 0";
      case VARCHAR -> "CodegenSupport.utf8(" + value + ")";
      default -> value;
    };
  }

  private static boolean isFixedWidth(TypeKind kind) {
    return kind != TypeKind.VARCHAR && kind != TypeKind.VARBINARY && kind != TypeKind.DECIMAL && !kind.isStructured();
  }

  static String vectorClass(TypeKind kind) {
    return switch (kind) {
      case BOOLEAN -> "BitVector";
      case TINYINT -> "TinyIntVector";
      case SMALLINT -> "SmallIntVector";
      case INTEGER, INTERVAL_YEAR_MONTH -> "IntVector";
      case BIGINT, INTERVAL_DAY_TIME -> "BigIntVector";
      case FLOAT -> "Float4Vector";
      case DOUBLE -> "Float8Vector";
      case DECIMAL -> "DecimalVector";
      case VARCHAR -> "VarCharVector";
      case VARBINARY -> "VarBinaryVector";
      case DATE -> "DateDayVector";
      case TIME -> "TimeMilliVector";
      case TIMESTAMP -> "TimeStampMilliVector";
      case ROW -> "org.apache.arrow.vector.complex.StructVector";
      case ARRAY -> "org.apache.arrow.vector.complex.ListVector";
      case NULL -> throw new IllegalArgumentException("No vector holds the NULL type");
    };
  }

  private static String javaType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN, NULL -> "boolean";
      case TINYINT -> "byte";
      case SMALLINT -> "short";
      case INTEGER, DATE, TIME, INTERVAL_YEAR_MONTH -> "int";
      case BIGINT, TIMESTAMP, INTERVAL_DAY_TIME -> "long";
      case FLOAT -> "float";
      case DOUBLE -> "double";
      case DECIMAL -> "java.math.BigDecimal";
      case VARCHAR -> "String";
      case VARBINARY -> "byte[]";
      case ROW, ARRAY -> throw new IllegalArgumentException("Expressions over whole " + type + " values are not "
          + "supported yet; read its primitive fields and elements");
    };
  }

  private static String defaultValue(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN, NULL -> "false";
      case TINYINT -> "(byte) 0";
      case SMALLINT -> "(short) 0";
      case INTEGER, DATE, TIME, INTERVAL_YEAR_MONTH -> "0";
      case BIGINT, TIMESTAMP, INTERVAL_DAY_TIME -> "0L";
      case FLOAT -> "0.0f";
      case DOUBLE -> "0.0";
      case DECIMAL, VARCHAR, VARBINARY -> "null";
      case ROW, ARRAY -> throw new IllegalArgumentException("Expressions over whole " + type + " values are not "
          + "supported yet; read its primitive fields and elements");
    };
  }

  private static String indent(String code, int spaces) {
    if (code.isEmpty()) {
      return code;
    }
    String pad = " ".repeat(spaces);
    return pad + code.replace("\n", "\n" + pad).stripTrailing() + "\n";
  }
}
