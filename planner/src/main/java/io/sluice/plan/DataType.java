package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A SQL type as the runtime sees it: a kind, precision and scale where they apply, nullability,
 * and the component types of a structured kind.
 *
 * <p>Precision is the decimal precision, the VARCHAR length ({@code -1} for unbounded)
 * or the fractional-second precision of TIMESTAMP/TIME; scale is only used by DECIMAL.
 * {@code children} are a ROW's fields, or an ARRAY's single element field named
 * {@value #ELEMENT}; other kinds have none.
 */
public record DataType(TypeKind kind, int precision, int scale, boolean nullable, List<Field> children) {
  /** The name of an ARRAY's element field. */
  public static final String ELEMENT = "element";

  public DataType {
    requireNonNull(kind, "kind is null");
    children = List.copyOf(children);
    if (kind == TypeKind.ARRAY && children.size() != 1) {
      throw new IllegalArgumentException("an ARRAY has exactly one element type");
    }
    if (kind == TypeKind.ROW && children.isEmpty()) {
      throw new IllegalArgumentException("a ROW has at least one field");
    }
    if (!kind.isStructured() && !children.isEmpty()) {
      throw new IllegalArgumentException(kind + " has no component types");
    }
  }

  public DataType(TypeKind kind, int precision, int scale, boolean nullable) {
    this(kind, precision, scale, nullable, List.of());
  }

  public static DataType of(TypeKind kind) {
    return new DataType(kind, -1, 0, true);
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(TypeKind.DECIMAL, precision, scale, true);
  }

  /** A nullable ROW of {@code fields}. */
  public static DataType row(List<Field> fields) {
    return new DataType(TypeKind.ROW, -1, 0, true, fields);
  }

  /** A nullable ARRAY of {@code element}. */
  public static DataType array(DataType element) {
    return new DataType(TypeKind.ARRAY, -1, 0, true, List.of(new Field(ELEMENT, element)));
  }

  public DataType withNullable(boolean nullable) {
    return new DataType(kind, precision, scale, nullable, children);
  }

  /** A ROW's fields. */
  public List<Field> fields() {
    if (kind != TypeKind.ROW) {
      throw new IllegalStateException(kind + " has no fields");
    }
    return children;
  }

  /** An ARRAY's element type. */
  public DataType elementType() {
    if (kind != TypeKind.ARRAY) {
      throw new IllegalStateException(kind + " has no element type");
    }
    return children.get(0).type();
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
      case ROW -> children.stream().map(f -> f.name() + " " + f.type().sql())
          .collect(Collectors.joining(", ", "ROW<", ">"));
      case ARRAY -> "ARRAY<" + elementType().sql() + ">";
      default -> kind.name();
    };
    return nullable ? base : base + " NOT NULL";
  }

  @Override
  public String toString() {
    return sql();
  }
}
