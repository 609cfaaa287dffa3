package io.sluice.plan;

/**
 * The SQL types the runtime executes, each with one Java and one Arrow representation.
 *
 * <p>The representation column is the contract between planner literals and runtime
 * vectors; intervals and temporal types use the same units Calcite uses internally.
 */
public enum TypeKind {
  /** {@code boolean}; Arrow {@code BitVector}. */
  BOOLEAN,
  /** {@code byte}; Arrow {@code TinyIntVector}. */
  TINYINT,
  /** {@code short}; Arrow {@code SmallIntVector}. */
  SMALLINT,
  /** {@code int}; Arrow {@code IntVector}. */
  INTEGER,
  /** {@code long}; Arrow {@code BigIntVector}. */
  BIGINT,
  /** {@code float}; Arrow {@code Float4Vector}. */
  FLOAT,
  /** {@code double}; Arrow {@code Float8Vector}. */
  DOUBLE,
  /** {@code java.math.BigDecimal} with the type's scale; Arrow {@code DecimalVector}. */
  DECIMAL,
  /** {@code String}; Arrow {@code VarCharVector} (UTF-8). CHAR is planned as VARCHAR. */
  VARCHAR,
  /** {@code byte[]}; Arrow {@code VarBinaryVector}. */
  VARBINARY,
  /** {@code int} days since 1970-01-01; Arrow {@code DateDayVector}. */
  DATE,
  /** {@code int} milliseconds of the day; Arrow {@code TimeMilliVector}. */
  TIME,
  /** {@code long} milliseconds since 1970-01-01T00:00 (wall clock, no zone); Arrow {@code TimeStampMilliVector}. */
  TIMESTAMP,
  /** {@code int} months; Arrow {@code IntVector}. */
  INTERVAL_YEAR_MONTH,
  /** {@code long} milliseconds; Arrow {@code BigIntVector}. */
  INTERVAL_DAY_TIME,
  /**
   * A structured value with named fields ({@link DataType#fields()}); Arrow {@code StructVector}
   * with one child per field. Expressions read its fields, not the whole value.
   */
  ROW,
  /**
   * An ordered list of values of one element type ({@link DataType#elementType()}); Arrow
   * {@code ListVector}. Expressions read its elements and length, not the whole value.
   */
  ARRAY,
  /** The type of an untyped NULL literal; never the type of a column. */
  NULL;

  /** Whether values of this kind are made of other values (ROW and ARRAY). */
  public boolean isStructured() {
    return this == ROW || this == ARRAY;
  }

  public boolean isNumeric() {
    return switch (this) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL -> true;
      default -> false;
    };
  }

  public boolean isExactInteger() {
    return switch (this) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> true;
      default -> false;
    };
  }
}
