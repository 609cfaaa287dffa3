package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/**
 * A SQL type as the runtime sees it: a kind, precision and scale where they apply, and
 * nullability.
 *
 * <p>Precision is the decimal precision, the VARCHAR length ({@code -1} for unbounded)
 * or the fractional-second precision of TIMESTAMP/TIME; scale is only used by DECIMAL.
 */
public record DataType(TypeKind kind, int precision, int scale, boolean nullable) {
  public DataType {
    requireNonNull(kind, "kind is null");
  }

  public static DataType of(TypeKind kind) {
    return new DataType(kind, -1, 0, true);
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(TypeKind.DECIMAL, precision, scale, true);
  }

  public DataType withNullable(boolean nullable) {
    return new DataType(kind, precision, scale, nullable);
  }

  /** The type in SQL syntax, as DESCRIBE and EXPLAIN print it. */
  public String sql() {
    String base = switch (kind) {
      case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
      case VARCHAR -> precision < 0 || precision == Integer.MAX_VALUE ? "STRING" : "VARCHAR(" + precision + ")";
      case VARBINARY -> precision < 0 || precision == Integer.MAX_VALUE ? "BYTES" : "VARBINARY(" + precision + ")";
      case TIMESTAMP -> "TIMESTAMP(" + (precision < 0 ? 3 : precision) + ")";
      case TIME -> "TIME(" + (precision < 0 ? 0 : precision) + ")";
      case INTERVAL_YEAR_MONTH -> "INTERVAL YEAR TO MONTH";
      case INTERVAL_DAY_TIME -> "INTERVAL DAY TO SECOND";
      default -> kind.name();
    };
    return nullable ? base : base + " NOT NULL";
  }

  @Override
  public String toString() {
    return sql();
  }
}
