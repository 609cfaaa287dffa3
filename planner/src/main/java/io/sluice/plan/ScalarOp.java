package io.sluice.plan;

/**
 * The scalar operators the runtime evaluates, with their operand conventions.
 *
 * <p>Unless stated otherwise an operator returns NULL when any operand is NULL, operands
 * of arithmetic and comparison already have a common type (the planner inserts CASTs),
 * and the result type is the {@link ExprSpec.Call}'s type. Unit operands ("unit") are
 * VARCHAR literals naming a time unit: YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE,
 * SECOND, MILLISECOND, and for EXTRACT also DOW, DOY, EPOCH.
 */
public enum ScalarOp {
  // Arithmetic. PLUS/MINUS also cover TIMESTAMP/DATE +- INTERVAL (either interval kind),
  // TIMESTAMP - TIMESTAMP and DATE - DATE (an interval result), and interval +- interval.
  PLUS, MINUS, TIMES,
  /** Exact types divide like SQL: integers truncate; DECIMAL rounds half-up to the result scale. */
  DIVIDE,
  /** Integer remainder with the sign of the dividend. */
  MOD,
  NEGATE,

  // Comparison of two operands of the same kind.
  EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
  /** Never NULL: NULL equals NULL. */
  IS_NOT_DISTINCT_FROM,
  /** Never NULL. */
  IS_DISTINCT_FROM,

  /** Three-valued AND over two or more BOOLEAN operands (FALSE wins over NULL). */
  AND,
  /** Three-valued OR over two or more BOOLEAN operands (TRUE wins over NULL). */
  OR,
  NOT,
  /** Never NULL. */
  IS_NULL,
  /** Never NULL. */
  IS_NOT_NULL,
  /** Never NULL. */
  IS_TRUE,
  /** Never NULL. */
  IS_NOT_TRUE,
  /** Never NULL. */
  IS_FALSE,
  /** Never NULL. */
  IS_NOT_FALSE,

  /**
   * Operands {@code when1, then1, when2, then2, ..., else}: the first WHEN that is TRUE
   * (not NULL) selects its THEN; there is always an ELSE (possibly a NULL literal).
   */
  CASE,
  /** First non-NULL operand; all operands have the result type. */
  COALESCE,
  /** NULL when the two operands are equal, else the first. */
  NULLIF,
  /**
   * Converts the one operand to the result type. String to number/boolean/date/timestamp
   * parses (trimmed) and fails the query with the value in the message when it cannot;
   * to DECIMAL rounds half-up to the scale; numbers to integers truncate like Java after
   * a range check; to VARCHAR(n) with n >= 0 truncates to n characters.
   */
  CAST,

  // Strings (VARCHAR operands).
  UPPER, LOWER,
  /** {@code (string, start[, length])}, 1-based, SQL semantics for out-of-range starts. */
  SUBSTRING,
  /** {@code (flag, characters, string)}; flag is a VARCHAR literal BOTH, LEADING or TRAILING. */
  TRIM,
  /** Two or more strings; NULL if any is NULL (the SQL || operator). */
  CONCAT,
  CHAR_LENGTH,
  /** {@code (needle, haystack)} -> 1-based INTEGER position, 0 if absent. */
  POSITION,
  /** {@code (string, search, replacement)}. */
  REPLACE,
  /** {@code (string, pattern[, escape])} with % and _ wildcards. */
  LIKE,
  /** {@code (string, pattern[, escape])} with SQL SIMILAR TO regular expressions. */
  SIMILAR,
  /** {@code (string)} -> string with each word capitalised. */
  INITCAP,

  // Math.
  ABS,
  /** {@code (number[, digits])}, half-up. */
  ROUND,
  /** {@code (number)} for numbers; FLOOR_TIME is the temporal form. */
  FLOOR,
  CEIL,
  /** DOUBLE operands. */
  POWER, SQRT, LN, LOG10, EXP,

  // Date and time.
  /** No operands; the wall-clock time in the session time zone when the batch is evaluated. */
  CURRENT_TIMESTAMP,
  /** {@code (unit, datetime-or-interval)} -> BIGINT. */
  EXTRACT,
  /** {@code (datetime, unit)}: rounds a TIMESTAMP or DATE down to the unit. */
  FLOOR_TIME,
  /** {@code (datetime, unit)}: rounds a TIMESTAMP or DATE up to the unit. */
  CEIL_TIME,
  /** {@code (unit, count, datetime)}. */
  TIMESTAMPADD,
  /** {@code (unit, from, to)} -> number of whole units from {@code from} to {@code to}. */
  TIMESTAMPDIFF,
  /**
   * Reinterprets the operand's representation as the result type without conversion
   * (interval millis or months as BIGINT/INTEGER, TIMESTAMP millis as BIGINT, and back).
   */
  REINTERPRET,
  /** {@code (row, INTEGER literal ordinal)}: the row's field at the 0-based ordinal; NULL when the row is. */
  FIELD,
  /** {@code (array, index)}: the 1-based element; NULL when the index is out of range. */
  ELEMENT,
  /** {@code (array)} -> INTEGER: the number of elements. */
  CARDINALITY
}
