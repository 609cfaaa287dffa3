package io.sluice.runtime.operator;

import io.sluice.plan.DataType;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.codegen.CodegenSupport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.arrow.vector.FieldVector;

/**
 * Conversions between Arrow cells and the Java values user aggregate and table functions
 * take and give: a cell becomes an instance of the method's parameter class (numbers widened
 * as overload resolution allowed), and a returned value becomes a cell of the column's type.
 * Boxing per value is accepted here: user code takes objects.
 */
final class JavaValues {
  private JavaValues() {}

  /** The cell at {@code row} as a {@code parameter} (primitive classes give their boxed form), or null. */
  static Object read(FieldVector vector, int row, DataType type, Class<?> parameter) {
    Object value = Rows.get(vector, row, type);
    if (value == null) {
      return null;
    }
    if (parameter == LocalDate.class) {
      return LocalDate.ofEpochDay(((Number) value).longValue());
    } else if (parameter == LocalDateTime.class) {
      return CodegenSupport.toLocalDateTime(((Number) value).longValue());
    } else if (parameter == Instant.class) {
      return Instant.ofEpochMilli(((Number) value).longValue());
    } else if (value instanceof Number number) {
      return number(number, parameter);
    }
    return value;
  }

  private static Object number(Number number, Class<?> parameter) {
    if (parameter == long.class || parameter == Long.class) {
      return number.longValue();
    } else if (parameter == int.class || parameter == Integer.class) {
      return number.intValue();
    } else if (parameter == double.class || parameter == Double.class) {
      return number.doubleValue();
    } else if (parameter == float.class || parameter == Float.class) {
      return number.floatValue();
    } else if (parameter == short.class || parameter == Short.class) {
      return number.shortValue();
    } else if (parameter == byte.class || parameter == Byte.class) {
      return number.byteValue();
    } else if (parameter == BigDecimal.class) {
      return number instanceof BigDecimal decimal ? decimal : BigDecimal.valueOf(number.longValue());
    }
    return number;
  }

  /** Writes a value a user function returned (null for NULL) to a column of {@code type}. */
  static void write(FieldVector vector, int row, Object value, DataType type) {
    Object cell = value;
    if (value instanceof LocalDate date) {
      cell = date.toEpochDay();
    } else if (value instanceof LocalDateTime time) {
      cell = CodegenSupport.fromLocalDateTime(time);
    } else if (value instanceof Instant instant) {
      cell = instant.toEpochMilli();
    } else if (value instanceof BigDecimal decimal) {
      cell = decimal.setScale(type.scale(), RoundingMode.HALF_UP);
    }
    Vectors.setObject(vector, row, cell, type);
  }

  /** The arguments of a user function call, for error messages: strings quoted. */
  static String describe(Object[] arguments, int from) {
    StringBuilder text = new StringBuilder("(");
    for (int i = from; i < arguments.length; i++) {
      Object argument = arguments[i];
      text.append(i == from ? "" : ", ").append(argument instanceof String s ? "'" + s + "'"
          : argument instanceof byte[] b ? "X'" + java.util.HexFormat.of().formatHex(b) + "'" : String.valueOf(argument));
    }
    return text.append(')').toString();
  }
}
