package io.sluice.udf.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Tests of the built-in functions' edge cases, independent of generated code. */
class BuiltinFunctionsTest {
  @Test
  void substringFollowsSql() {
    assertEquals("abc", StringFunctions.substring("abc", -5));
    assertEquals("", StringFunctions.substring("abc", -5, 3));
    assertEquals("bc", StringFunctions.substring("abc", 2, 10));
    assertEquals("", StringFunctions.substring("abc", 4, 1));
    assertEquals("\uD83D\uDE00b", StringFunctions.substring("a\uD83D\uDE00b", 2));
    assertEquals("Negative substring length -1",
        assertThrows(FunctionException.class, () -> StringFunctions.substring("abc", 1, -1)).getMessage());
  }

  @Test
  void likeAndSimilarPatterns() {
    assertTrue(StringFunctions.matches(StringFunctions.likePattern("a\\_b%", "\\"), "a_bcd"));
    assertFalse(StringFunctions.matches(StringFunctions.likePattern("a\\_b%", "\\"), "axbcd"));
    assertTrue(StringFunctions.matches(StringFunctions.likePattern("a$^[.]*", null), "a$^[.]*"));
    assertTrue(StringFunctions.matches(StringFunctions.likePattern("line%", null), "line1\nline2"));
    assertTrue(StringFunctions.matches(StringFunctions.similarPattern("a{2,3}(b|c)*", null), "aacbc"));
    assertTrue(StringFunctions.matches(StringFunctions.similarPattern("[0-9]+.x", null), "12.x"));
    assertFalse(StringFunctions.matches(StringFunctions.similarPattern("[0-9]+.x", null), "12ax"));
    assertThrows(FunctionException.class, () -> StringFunctions.likePattern("a!b", "!"));
  }

  @Test
  void stringsCompareInUtf8ByteOrder() {
    assertTrue(StringFunctions.compare("\uFFFD", "\uD83D\uDE00") < 0);
    assertTrue(StringFunctions.compare("ab", "abc") < 0);
    assertEquals(0, StringFunctions.compare("x", "x"));
  }

  @Test
  void castsParseAndFormat() {
    assertEquals(-42L, CastFunctions.parseBigint(" -42 ", "BIGINT"));
    assertEquals(new BigDecimal("1.24"), CastFunctions.parseDecimal("1.235", 5, 2));
    assertEquals("2024-01-01 00:00:00.000", CastFunctions.formatTimestamp(CastFunctions.parseTimestamp("2024-01-01"), 3));
    assertEquals("1969-12-31 23:59:59.9", CastFunctions.formatTimestamp(-100, 1));
    assertEquals("Cannot cast '1.5' to BIGINT", assertThrows(FunctionException.class,
        () -> CastFunctions.parseBigint("1.5", "BIGINT")).getMessage());
    assertEquals(Long.MIN_VALUE, CastFunctions.toBigint(-0x1p63));
    assertThrows(FunctionException.class, () -> CastFunctions.toBigint(Double.NaN));
    assertEquals("-0-03", CastFunctions.formatIntervalYearMonth(-3));
  }

  @Test
  void dateTimeArithmetic() {
    long leapDay = CastFunctions.parseTimestamp("2024-02-29 12:00:00");
    assertEquals(CastFunctions.parseTimestamp("2025-02-28 12:00:00"), DateTimeFunctions.add(DateTimeFunctions.YEAR, 1, leapDay));
    assertEquals(-1, DateTimeFunctions.monthsBetween(leapDay, CastFunctions.parseTimestamp("2024-01-29 12:00:00")));
    assertEquals(0, DateTimeFunctions.monthsBetween(leapDay, CastFunctions.parseTimestamp("2024-03-29 11:59:59")));
    assertEquals(CastFunctions.parseTimestamp("1969-12-31 23:00:00"), DateTimeFunctions.floor(-1, DateTimeFunctions.HOUR));
    assertEquals(1L, DateTimeFunctions.extractTimestamp(DateTimeFunctions.DOW, CastFunctions.parseTimestamp("2024-03-03")));
    assertEquals(DateTimeFunctions.QUARTER, DateTimeFunctions.unit("quarter"));
  }

  @Test
  void mathRoundsHalfUp() {
    assertEquals(-3.0, MathFunctions.round(-2.5, 0));
    assertEquals(0.13, MathFunctions.round(0.125, 2));
    assertEquals(-1300L, MathFunctions.round(-1250L, -2));
    assertEquals("Division by zero", assertThrows(FunctionException.class, () -> MathFunctions.mod(1L, 0L)).getMessage());
  }
}
