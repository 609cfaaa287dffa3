package io.sluice.jdbc;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.TypeKind;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Converts cells from the engine's representation (see {@link TypeKind}) to what JDBC callers ask for. */
final class JdbcValues {
  private JdbcValues() {}

  static int sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Types.BOOLEAN;
      case TINYINT -> Types.TINYINT;
      case SMALLINT -> Types.SMALLINT;
      case INTEGER, INTERVAL_YEAR_MONTH -> Types.INTEGER;
      case BIGINT, INTERVAL_DAY_TIME -> Types.BIGINT;
      case FLOAT -> Types.REAL;
      case DOUBLE -> Types.DOUBLE;
      case DECIMAL -> Types.DECIMAL;
      case VARCHAR -> Types.VARCHAR;
      case VARBINARY -> Types.VARBINARY;
      case DATE -> Types.DATE;
      case TIME -> Types.TIME;
      case TIMESTAMP -> Types.TIMESTAMP;
      case ROW -> Types.STRUCT;
      case ARRAY -> Types.ARRAY;
      case NULL -> Types.NULL;
    };
  }

  static String className(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Boolean.class.getName();
      case TINYINT -> Byte.class.getName();
      case SMALLINT -> Short.class.getName();
      case INTEGER, INTERVAL_YEAR_MONTH -> Integer.class.getName();
      case BIGINT, INTERVAL_DAY_TIME -> Long.class.getName();
      case FLOAT -> Float.class.getName();
      case DOUBLE -> Double.class.getName();
      case DECIMAL -> BigDecimal.class.getName();
      case VARCHAR -> String.class.getName();
      case VARBINARY -> byte[].class.getName();
      case DATE -> Date.class.getName();
      case TIME -> Time.class.getName();
      case TIMESTAMP -> Timestamp.class.getName();
      case ROW -> java.util.Map.class.getName();
      case ARRAY -> java.util.List.class.getName();
      case NULL -> Object.class.getName();
    };
  }

  /**
   * The value {@code getObject} returns: JDBC's standard class for the column's SQL type; a ROW
   * is a {@code Map} from field name to value in field order and an ARRAY a {@code List}, their
   * values converted the same way.
   */
  static Object toJdbc(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case ROW -> {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field field : type.fields()) {
          fields.put(field.name(), toJdbc(((Map<?, ?>) value).get(field.name()), field.type()));
        }
        yield Collections.unmodifiableMap(fields);
      }
      case ARRAY -> {
        List<Object> elements = new ArrayList<>();
        for (Object element : (List<?>) value) {
          elements.add(toJdbc(element, type.elementType()));
        }
        yield Collections.unmodifiableList(elements);
      }
      case DATE -> Date.valueOf(LocalDate.ofEpochDay((Integer) value));
      case TIME -> Time.valueOf(LocalTime.ofNanoOfDay((Integer) value * 1_000_000L));
      case TIMESTAMP -> Timestamp.valueOf(localDateTime((Long) value));
      default -> value;
    };
  }

  static LocalDateTime localDateTime(long epochMillis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  /** {@code getObject(i, type)}: the value converted to the requested class where that is lossless and sensible. */
  static <T> T convert(Object value, DataType type, Class<T> target) throws SQLException {
    if (value == null) {
      return null;
    }
    Object result;
    if (target == LocalDateTime.class && type.kind() == TypeKind.TIMESTAMP) {
      result = localDateTime((Long) value);
    } else if (target == LocalDate.class && type.kind() == TypeKind.DATE) {
      result = LocalDate.ofEpochDay((Integer) value);
    } else if (target == LocalDate.class && type.kind() == TypeKind.TIMESTAMP) {
      result = localDateTime((Long) value).toLocalDate();
    } else if (target == LocalTime.class && type.kind() == TypeKind.TIME) {
      result = LocalTime.ofNanoOfDay((Integer) value * 1_000_000L);
    } else if (target == Instant.class && type.kind() == TypeKind.TIMESTAMP) {
      result = Instant.ofEpochMilli((Long) value);
    } else if (target == String.class) {
      result = toText(value, type);
    } else if (target == BigDecimal.class && value instanceof Number number) {
      result = value instanceof BigDecimal ? value : new BigDecimal(number.toString());
    } else if ((target == Long.class || target == long.class) && value instanceof Number number) {
      result = number.longValue();
    } else if ((target == Integer.class || target == int.class) && value instanceof Number number) {
      result = number.intValue();
    } else if ((target == Double.class || target == double.class) && value instanceof Number number) {
      result = number.doubleValue();
    } else {
      result = toJdbc(value, type);
    }
    if (!(target.isInstance(result) || target.isPrimitive())) {
      throw new SQLException("Cannot convert a " + type + " value to " + target.getName(), "22018");
    }
    @SuppressWarnings("unchecked")
    T typed = (T) result;
    return typed;
  }

  private static String nestedText(Object value, DataType type) {
    return value == null ? "NULL" : toText(value, type);
  }

  /** The text of a value as SQL prints it (timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS}). */
  static String toText(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case TIMESTAMP -> {
        String text = localDateTime((Long) value).toString().replace('T', ' ');
        // LocalDateTime drops zero seconds and fractions; SQL text keeps them.
        if (text.length() == 16) {
          text += ":00";
        }
        if (text.length() == 19) {
          text += ".000";
        }
        yield text;
      }
      case DATE -> LocalDate.ofEpochDay((Integer) value).toString();
      case TIME -> LocalTime.ofNanoOfDay((Integer) value * 1_000_000L).toString();
      case BOOLEAN -> ((Boolean) value) ? "TRUE" : "FALSE";
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      case VARBINARY -> java.util.HexFormat.of().formatHex((byte[]) value);
      // As the shell prints them: (1, x) and [1, 2, 3].
      case ROW -> type.fields().stream().map(f -> nestedText(((Map<?, ?>) value).get(f.name()), f.type()))
          .collect(Collectors.joining(", ", "(", ")"));
      case ARRAY -> ((List<?>) value).stream().map(e -> nestedText(e, type.elementType()))
          .collect(Collectors.joining(", ", "[", "]"));
      default -> value.toString();
    };
  }
}
