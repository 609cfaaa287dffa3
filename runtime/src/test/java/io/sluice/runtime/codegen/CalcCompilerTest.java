package io.sluice.runtime.codegen;

import static io.sluice.plan.ScalarOp.*;
import static io.sluice.runtime.codegen.CalcFixture.call;
import static io.sluice.runtime.codegen.CalcFixture.lit;
import static io.sluice.runtime.codegen.CalcFixture.notNull;
import static io.sluice.runtime.codegen.CalcFixture.ref;
import static io.sluice.runtime.codegen.CalcFixture.run;
import static io.sluice.runtime.codegen.CalcFixture.type;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Tests of every scalar operator, NULL semantics, filters, errors and the class cache. */
class CalcCompilerTest {
  private static final DataType INT = type(TypeKind.INTEGER);
  private static final DataType BIGINT = type(TypeKind.BIGINT);
  private static final DataType DOUBLE = type(TypeKind.DOUBLE);
  private static final DataType BOOL = type(TypeKind.BOOLEAN);
  private static final DataType STRING = type(TypeKind.VARCHAR);
  private static final DataType TS = new DataType(TypeKind.TIMESTAMP, 3, 0, true);
  private static final DataType DATE = type(TypeKind.DATE);
  private static final DataType TIME = type(TypeKind.TIME);
  private static final DataType IDT = type(TypeKind.INTERVAL_DAY_TIME);
  private static final DataType IYM = type(TypeKind.INTERVAL_YEAR_MONTH);
  private static final DataType PRICE = DataType.decimal(10, 2);

  /** One row holding a value of every kind, plus NULLs and a zero. */
  private static final Schema ROW = Schema.of(
      new Field("i", INT), new Field("b", BIGINT), new Field("d", DOUBLE), new Field("price", PRICE),
      new Field("s", STRING), new Field("ts", TS), new Field("dt", DATE), new Field("flag", BOOL),
      new Field("n", INT), new Field("ns", STRING), new Field("zero", INT), new Field("channel", notNull(TypeKind.VARCHAR)),
      new Field("ivd", IDT), new Field("tm", TIME), new Field("small", type(TypeKind.SMALLINT)),
      new Field("f", type(TypeKind.FLOAT)), new Field("tiny", type(TypeKind.TINYINT)), new Field("bin", type(TypeKind.VARBINARY)),
      new Field("iym", IYM));
  private static final Object[] VALUES = {
      7, 100L, 2.5, new BigDecimal("100.00"), "Hello World", ts("2024-01-31 10:20:30.456"), date("2024-02-29"), true,
      null, null, 0, "Google", 90_061_001L, 45_296_789, (short) 300, 1.5f, (byte) -5, new byte[] {1, 2}, 14};

  private static final ExprSpec I = ref(0, INT);
  private static final ExprSpec B = ref(1, BIGINT);
  private static final ExprSpec D = ref(2, DOUBLE);
  private static final ExprSpec P = ref(3, PRICE);
  private static final ExprSpec S = ref(4, STRING);
  private static final ExprSpec T = ref(5, TS);
  private static final ExprSpec DT = ref(6, DATE);
  private static final ExprSpec FLAG = ref(7, BOOL);
  private static final ExprSpec N = ref(8, INT);
  private static final ExprSpec NS = ref(9, STRING);
  private static final ExprSpec ZERO = ref(10, INT);
  private static final ExprSpec CHANNEL = ref(11, notNull(TypeKind.VARCHAR));
  private static final ExprSpec IVD = ref(12, IDT);
  private static final ExprSpec TM = ref(13, TIME);
  private static final ExprSpec SMALL = ref(14, type(TypeKind.SMALLINT));
  private static final ExprSpec F = ref(15, type(TypeKind.FLOAT));
  private static final ExprSpec TINY = ref(16, type(TypeKind.TINYINT));
  private static final ExprSpec BIN = ref(17, type(TypeKind.VARBINARY));
  private static final ExprSpec IYMC = ref(18, IYM);

  private final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeaks() {
    assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
    allocator.close();
  }

  private static Object[] scalar(String name, ExprSpec expression, Object expected) {
    return new Object[] {name, expression, expected};
  }

  private static ExprSpec str(String s) {
    return lit(s, STRING);
  }

  private static ExprSpec i(int v) {
    return lit(v, INT);
  }

  private static ExprSpec dec(String v, int precision, int scale) {
    return lit(new BigDecimal(v), DataType.decimal(precision, scale));
  }

  private static ExprSpec cast(ExprSpec e, DataType to) {
    return call(CAST, to, e);
  }

  static List<Object[]> scalarCases() {
    DataType dec243 = DataType.decimal(24, 3);
    return List.of(
        // Arithmetic
        scalar("int plus literal", call(PLUS, INT, I, i(1)), 8),
        scalar("bigint minus", call(MINUS, BIGINT, B, lit(1L, BIGINT)), 99L),
        scalar("int times", call(TIMES, INT, I, i(6)), 42),
        scalar("integer division truncates", call(DIVIDE, INT, I, i(2)), 3),
        scalar("negative integer division truncates", call(DIVIDE, INT, i(-7), i(2)), -3),
        scalar("mod has the dividend's sign", call(MOD, INT, i(-7), i(3)), -1),
        scalar("int overflow wraps like Java", call(PLUS, INT, i(Integer.MAX_VALUE), i(1)), Integer.MIN_VALUE),
        scalar("smallint arithmetic", call(PLUS, type(TypeKind.SMALLINT), SMALL, lit((short) 1, type(TypeKind.SMALLINT))), (short) 301),
        scalar("tinyint negate", call(NEGATE, type(TypeKind.TINYINT), TINY), (byte) 5),
        scalar("double divide", call(DIVIDE, DOUBLE, D, lit(2.0, DOUBLE)), 1.25),
        scalar("double divide by zero is infinity", call(DIVIDE, DOUBLE, D, lit(0.0, DOUBLE)), Double.POSITIVE_INFINITY),
        scalar("float plus", call(PLUS, type(TypeKind.FLOAT), F, lit(1.0f, type(TypeKind.FLOAT))), 2.5f),
        scalar("mixed int and bigint widen", call(PLUS, BIGINT, I, B), 107L),
        scalar("decimal times bigint", call(TIMES, dec243, dec("0.908", 4, 3), B), new BigDecimal("90.800")),
        scalar("decimal times decimal column", call(TIMES, dec243, dec("0.908", 4, 3), P), new BigDecimal("90.800")),
        scalar("decimal divide rounds half up", call(DIVIDE, DataType.decimal(10, 2), dec("2.00", 4, 2), dec("3.00", 4, 2)),
            new BigDecimal("0.67")),
        scalar("decimal plus", call(PLUS, DataType.decimal(11, 2), P, dec("0.5", 2, 1)), new BigDecimal("100.50")),
        scalar("decimal minus of a product", call(MINUS, dec243, call(TIMES, dec243, dec("0.908", 4, 3), B), dec("0.5", 2, 1)),
            new BigDecimal("90.300")),
        scalar("decimal times NULL integer is NULL", call(TIMES, dec243, dec("0.908", 4, 3), N), null),
        scalar("decimal product beyond a long is exact", call(TIMES, dec243, dec("0.908", 4, 3), lit(Long.MAX_VALUE, BIGINT)),
            new BigDecimal("0.908").multiply(BigDecimal.valueOf(Long.MAX_VALUE))),
        scalar("decimal mod", call(MOD, DataType.decimal(10, 2), P, dec("7", 1, 0)), new BigDecimal("2.00")),
        scalar("decimal negate", call(NEGATE, PRICE, P), new BigDecimal("-100.00")),
        scalar("arithmetic with NULL is NULL", call(PLUS, INT, I, N), null),
        // Temporal arithmetic
        scalar("timestamp plus day-time interval", call(PLUS, TS, T, lit(1000L, IDT)), ts("2024-01-31 10:20:31.456")),
        scalar("interval plus timestamp", call(PLUS, TS, IVD, T), ts("2024-02-01 11:21:31.457")),
        scalar("timestamp minus interval", call(MINUS, TS, T, IVD), ts("2024-01-30 09:19:29.455")),
        scalar("timestamp plus one month clamps the day", call(PLUS, TS, T, lit(1, IYM)), ts("2024-02-29 10:20:30.456")),
        scalar("timestamp minus months", call(MINUS, TS, T, IYMC), ts("2022-11-30 10:20:30.456")),
        scalar("date plus year-month interval", call(PLUS, DATE, DT, lit(12, IYM)), date("2025-02-28")),
        scalar("date plus days", call(PLUS, DATE, DT, lit(86_400_000L, IDT)), date("2024-03-01")),
        scalar("time plus interval wraps", call(PLUS, TIME, TM, lit(43_200_000L, IDT)), 45_296_789 - 43_200_000),
        scalar("timestamp minus timestamp", call(MINUS, IDT, call(PLUS, TS, T, lit(5000L, IDT)), T), 5000L),
        scalar("timestamp minus timestamp in months", call(MINUS, IYM, T, lit(ts("2023-01-31 10:20:30.456"), TS)), 12),
        scalar("date minus date", call(MINUS, IDT, DT, lit(date("2024-02-27"), DATE)), 2 * 86_400_000L),
        scalar("interval plus interval", call(PLUS, IDT, IVD, lit(-1L, IDT)), 90_061_000L),
        scalar("interval times integer", call(TIMES, IDT, IVD, i(2)), 180_122_002L),
        scalar("interval divided by double", call(DIVIDE, IDT, lit(1000L, IDT), lit(4.0, DOUBLE)), 250L),
        // Comparison
        scalar("int less than", call(LESS_THAN, BOOL, I, i(8)), true),
        scalar("int greater or equal", call(GREATER_THAN_OR_EQUAL, BOOL, I, i(8)), false),
        scalar("int vs double common type", call(LESS_THAN, BOOL, I, D), false),
        scalar("decimal compares by value", call(EQUALS, BOOL, P, dec("100", 3, 0)), true),
        scalar("string column equals literal (bytes)", call(EQUALS, BOOL, CHANNEL, str("Google")), true),
        scalar("string column not equals literal", call(NOT_EQUALS, BOOL, CHANNEL, str("Googl")), true),
        scalar("string literal on the left flips", call(LESS_THAN, BOOL, str("Apple"), CHANNEL), true),
        scalar("string byte order", call(GREATER_THAN, BOOL, S, str("Hello")), true),
        scalar("UTF-8 order puts U+1F600 after U+FFFD",
            call(LESS_THAN, BOOL, call(UPPER, STRING, str("\uFFFD")), call(UPPER, STRING, str("\uD83D\uDE00"))), true),
        scalar("NULL string column comparison", call(EQUALS, BOOL, NS, str("x")), null),
        scalar("booleans false < true", call(LESS_THAN, BOOL, lit(false, BOOL), FLAG), true),
        scalar("timestamp comparison", call(GREATER_THAN, BOOL, T, lit(0L, TS)), true),
        scalar("date vs timestamp", call(LESS_THAN, BOOL, DT, T), false),
        scalar("varbinary equality", call(EQUALS, BOOL, BIN, lit(new byte[] {1, 2}, type(TypeKind.VARBINARY))), true),
        scalar("equals NULL is NULL", call(EQUALS, BOOL, I, N), null),
        scalar("NULL is not distinct from NULL", call(IS_NOT_DISTINCT_FROM, BOOL, N, lit(null, INT)), true),
        scalar("value is distinct from NULL", call(IS_DISTINCT_FROM, BOOL, I, N), true),
        scalar("equal values are not distinct", call(IS_DISTINCT_FROM, BOOL, I, i(7)), false),
        // Logic on NULL
        scalar("IS NULL", call(IS_NULL, BOOL, N), true),
        scalar("IS NOT NULL", call(IS_NOT_NULL, BOOL, N), false),
        scalar("NOT NULL is NULL", call(NOT, BOOL, call(EQUALS, BOOL, N, i(1))), null),
        // Conditionals
        scalar("CASE picks first TRUE", call(CASE, STRING, call(LESS_THAN, BOOL, I, i(5)), str("small"),
            call(LESS_THAN, BOOL, I, i(10)), str("medium"), str("large")), "medium"),
        scalar("CASE with NULL condition falls through", call(CASE, INT, call(EQUALS, BOOL, N, i(1)), i(1), i(2)), 2),
        scalar("CASE does not evaluate untaken branches",
            call(CASE, INT, call(EQUALS, BOOL, ZERO, i(0)), i(0), call(DIVIDE, INT, I, ZERO)), 0),
        scalar("CASE with NULL ELSE", call(CASE, INT, lit(false, BOOL), i(1), lit(null, INT)), null),
        scalar("COALESCE", call(COALESCE, INT, N, I, call(DIVIDE, INT, I, ZERO)), 7),
        scalar("COALESCE of NULLs", call(COALESCE, INT, N, lit(null, INT)), null),
        scalar("NULLIF equal", call(NULLIF, INT, I, i(7)), null),
        scalar("NULLIF different", call(NULLIF, INT, I, i(8)), 7),
        // CAST
        scalar("cast string to int", cast(str(" 42 "), INT), 42),
        scalar("cast double to int truncates", cast(lit(-2.7, DOUBLE), INT), -2),
        scalar("cast int to decimal", cast(I, DataType.decimal(5, 2)), new BigDecimal("7.00")),
        scalar("cast decimal rounds half up", cast(dec("2.345", 4, 3), DataType.decimal(4, 2)), new BigDecimal("2.35")),
        scalar("cast string to decimal", cast(str("1.005"), DataType.decimal(5, 2)), new BigDecimal("1.01")),
        scalar("cast decimal to bigint truncates", cast(dec("-9.99", 3, 2), BIGINT), -9L),
        scalar("cast timestamp(3) to string", cast(T, STRING), "2024-01-31 10:20:30.456"),
        scalar("cast timestamp(0) to string", cast(lit(ts("2024-01-01 00:00:00"), new DataType(TypeKind.TIMESTAMP, 0, 0, true)), STRING),
            "2024-01-01 00:00:00"),
        scalar("cast midnight timestamp(3) to string", cast(lit(ts("2024-01-01 00:00:00"), TS), STRING), "2024-01-01 00:00:00.000"),
        scalar("cast string to timestamp", cast(str("2024-01-31 10:20:30.456789"), TS), ts("2024-01-31 10:20:30.456")),
        scalar("cast ISO string to timestamp", cast(str("2024-01-31T10:20"), TS), ts("2024-01-31 10:20:00")),
        scalar("cast timestamp to timestamp(0) truncates", cast(T, new DataType(TypeKind.TIMESTAMP, 0, 0, true)), ts("2024-01-31 10:20:30")),
        scalar("cast string to date", cast(str("2024-02-29"), DATE), date("2024-02-29")),
        scalar("cast date to string", cast(DT, STRING), "2024-02-29"),
        scalar("cast timestamp to date", cast(T, DATE), date("2024-01-31")),
        scalar("cast date to timestamp", cast(DT, TS), ts("2024-02-29 00:00:00")),
        scalar("cast time to string", cast(TM, STRING), "12:34:56"),
        scalar("cast string to time", cast(str("12:34:56.789"), TIME), 45_296_789),
        scalar("cast boolean to string", cast(FLAG, STRING), "TRUE"),
        scalar("cast string to boolean", cast(str("false"), BOOL), false),
        scalar("cast double to string", cast(D, STRING), "2.5"),
        scalar("cast big double to string", cast(lit(1e10, DOUBLE), STRING), "1.0E10"),
        scalar("cast decimal to string", cast(P, STRING), "100.00"),
        scalar("cast to varchar(3) truncates", cast(S, new DataType(TypeKind.VARCHAR, 3, 0, true)), "Hel"),
        scalar("cast int to double", cast(I, DOUBLE), 7.0),
        scalar("cast decimal to double", cast(P, DOUBLE), 100.0),
        scalar("cast smallint to tinyint in range", cast(i(-128), type(TypeKind.TINYINT)), (byte) -128),
        scalar("cast int to boolean", cast(I, BOOL), true),
        scalar("cast interval to string", cast(IVD, STRING), "+1 01:01:01.001"),
        scalar("cast year-month interval to string", cast(IYMC, STRING), "+1-02"),
        scalar("cast NULL literal", cast(lit(null, type(TypeKind.NULL)), INT), null),
        // Strings
        scalar("UPPER", call(UPPER, STRING, S), "HELLO WORLD"),
        scalar("LOWER", call(LOWER, STRING, S), "hello world"),
        scalar("SUBSTRING from", call(SUBSTRING, STRING, S, i(7)), "World"),
        scalar("SUBSTRING from for", call(SUBSTRING, STRING, S, i(0), i(3)), "He"),
        scalar("TRIM both", call(TRIM, STRING, str("BOTH"), str("x"), str("xxaxx")), "a"),
        scalar("TRIM leading", call(TRIM, STRING, str("LEADING"), str(" "), str("  a ")), "a "),
        scalar("CONCAT", call(CONCAT, STRING, S, str("!"), CHANNEL), "Hello World!Google"),
        scalar("CONCAT with NULL", call(CONCAT, STRING, S, NS), null),
        scalar("CHAR_LENGTH counts code points", call(CHAR_LENGTH, INT, str("a\uD83D\uDE00b")), 3),
        scalar("POSITION", call(POSITION, INT, str("World"), S), 7),
        scalar("POSITION absent", call(POSITION, INT, str("x"), S), 0),
        scalar("REPLACE", call(REPLACE, STRING, S, str("o"), str("0")), "Hell0 W0rld"),
        scalar("LIKE", call(LIKE, BOOL, S, str("Hello%")), true),
        scalar("LIKE underscore", call(LIKE, BOOL, S, str("_ello World")), true),
        scalar("LIKE is anchored", call(LIKE, BOOL, S, str("ello%")), false),
        scalar("LIKE with escape", call(LIKE, BOOL, str("100%"), str("100!%"), str("!")), true),
        scalar("LIKE escape is literal", call(LIKE, BOOL, str("1000"), str("100!%"), str("!")), false),
        scalar("LIKE regex characters are literal", call(LIKE, BOOL, str("a.b(c"), str("a.b(_")), true),
        scalar("LIKE with column pattern", call(LIKE, BOOL, CHANNEL, call(CONCAT, STRING, str("Goo"), str("%"))), true),
        scalar("SIMILAR TO", call(SIMILAR, BOOL, CHANNEL, str("(Goo|Bin)g%")), true),
        scalar("SIMILAR TO no match", call(SIMILAR, BOOL, CHANNEL, str("[a-z]+")), false),
        scalar("INITCAP", call(INITCAP, STRING, str("hello wORLD-foo")), "Hello World-Foo"),
        // Math
        scalar("ABS int", call(ABS, INT, i(-3)), 3),
        scalar("ABS decimal", call(ABS, PRICE, call(NEGATE, PRICE, P)), new BigDecimal("100.00")),
        scalar("ROUND double", call(ROUND, DOUBLE, lit(2.5, DOUBLE)), 3.0),
        scalar("ROUND double digits", call(ROUND, DOUBLE, lit(1.2345, DOUBLE), i(2)), 1.23),
        scalar("ROUND decimal half up", call(ROUND, DataType.decimal(5, 3), dec("1.235", 5, 3), i(2)), new BigDecimal("1.240")),
        scalar("ROUND int negative digits", call(ROUND, INT, i(1250), i(-2)), 1300),
        scalar("FLOOR double", call(FLOOR, DOUBLE, lit(-1.5, DOUBLE)), -2.0),
        scalar("CEIL decimal", call(CEIL, DataType.decimal(5, 0), dec("1.01", 3, 2)), new BigDecimal("2")),
        scalar("POWER", call(POWER, DOUBLE, lit(2.0, DOUBLE), I), 128.0),
        scalar("SQRT of int", call(SQRT, DOUBLE, lit(16, INT)), 4.0),
        scalar("LN", call(LN, DOUBLE, lit(1.0, DOUBLE)), 0.0),
        scalar("LOG10", call(LOG10, DOUBLE, lit(1000.0, DOUBLE)), 3.0),
        scalar("EXP", call(EXP, DOUBLE, lit(0.0, DOUBLE)), 1.0),
        // Date and time
        scalar("EXTRACT YEAR", call(EXTRACT, BIGINT, str("YEAR"), T), 2024L),
        scalar("EXTRACT QUARTER", call(EXTRACT, BIGINT, str("QUARTER"), T), 1L),
        scalar("EXTRACT MONTH from date", call(EXTRACT, BIGINT, str("MONTH"), DT), 2L),
        scalar("EXTRACT DAY", call(EXTRACT, INT, str("DAY"), T), 31),
        scalar("EXTRACT HOUR", call(EXTRACT, BIGINT, str("HOUR"), T), 10L),
        scalar("EXTRACT MINUTE", call(EXTRACT, BIGINT, str("MINUTE"), T), 20L),
        scalar("EXTRACT SECOND", call(EXTRACT, BIGINT, str("SECOND"), T), 30L),
        scalar("EXTRACT MILLISECOND includes seconds", call(EXTRACT, BIGINT, str("MILLISECOND"), T), 30_456L),
        scalar("EXTRACT DOW Wednesday is 4", call(EXTRACT, BIGINT, str("DOW"), T), 4L),
        scalar("EXTRACT DOY", call(EXTRACT, BIGINT, str("DOY"), DT), 60L),
        scalar("EXTRACT WEEK", call(EXTRACT, BIGINT, str("WEEK"), T), 5L),
        scalar("EXTRACT EPOCH", call(EXTRACT, BIGINT, str("EPOCH"), lit(ts("1970-01-02 00:00:00"), TS)), 86_400L),
        scalar("EXTRACT HOUR from time", call(EXTRACT, BIGINT, str("HOUR"), TM), 12L),
        scalar("EXTRACT DAY from interval", call(EXTRACT, BIGINT, str("DAY"), IVD), 1L),
        scalar("EXTRACT MONTH from interval", call(EXTRACT, BIGINT, str("MONTH"), IYMC), 2L),
        scalar("FLOOR to HOUR", call(FLOOR_TIME, TS, T, str("HOUR")), ts("2024-01-31 10:00:00")),
        scalar("FLOOR to MONTH", call(FLOOR_TIME, TS, T, str("MONTH")), ts("2024-01-01 00:00:00")),
        scalar("FLOOR to WEEK starts Sunday", call(FLOOR_TIME, TS, T, str("WEEK")), ts("2024-01-28 00:00:00")),
        scalar("FLOOR date to QUARTER", call(FLOOR_TIME, DATE, DT, str("QUARTER")), date("2024-01-01")),
        scalar("CEIL to DAY", call(CEIL_TIME, TS, T, str("DAY")), ts("2024-02-01 00:00:00")),
        scalar("CEIL on a boundary is unchanged", call(CEIL_TIME, TS, lit(ts("2024-01-01 00:00:00"), TS), str("YEAR")),
            ts("2024-01-01 00:00:00")),
        scalar("CEIL date to MONTH", call(CEIL_TIME, DATE, DT, str("MONTH")), date("2024-03-01")),
        scalar("TIMESTAMPADD MONTH", call(TIMESTAMPADD, TS, str("MONTH"), i(1), T), ts("2024-02-29 10:20:30.456")),
        scalar("TIMESTAMPADD HOUR", call(TIMESTAMPADD, TS, str("HOUR"), i(-11), T), ts("2024-01-30 23:20:30.456")),
        scalar("TIMESTAMPADD DAY to date", call(TIMESTAMPADD, DATE, str("DAY"), i(1), DT), date("2024-03-01")),
        scalar("TIMESTAMPDIFF DAY", call(TIMESTAMPDIFF, INT, str("DAY"), T, lit(ts("2024-02-02 10:20:30.455"), TS)), 1),
        scalar("TIMESTAMPDIFF MONTH", call(TIMESTAMPDIFF, INT, str("MONTH"), lit(ts("2024-01-31 00:00:00"), TS), DT), 0),
        scalar("TIMESTAMPDIFF YEAR negative", call(TIMESTAMPDIFF, INT, str("YEAR"), T, lit(ts("2022-01-31 10:20:30.456"), TS)), -2),
        scalar("REINTERPRET timestamp as bigint", call(REINTERPRET, BIGINT, T), ts("2024-01-31 10:20:30.456")),
        scalar("REINTERPRET interval months as int", call(REINTERPRET, INT, IYMC), 14),
        scalar("REINTERPRET bigint as interval", call(REINTERPRET, IDT, B), 100L),
        scalar("REINTERPRET date as int", call(REINTERPRET, INT, DT), date("2024-02-29")));
  }

  @TestFactory
  Stream<DynamicTest> everyOperator() {
    return scalarCases().stream().map(c -> DynamicTest.dynamicTest((String) c[0], () -> {
      List<List<Object>> out = run(allocator, ROW, List.<Object[]>of(VALUES), List.of((ExprSpec) c[1]), null);
      Object actual = out.get(0).get(0);
      if (c[2] instanceof byte[] expected) {
        assertArrayEquals(expected, (byte[]) actual);
      } else {
        assertEquals(c[2], actual, () -> c[1] + " generated:\n" + CalcCompiler.source(ROW, List.of((ExprSpec) c[1]), null));
      }
    }));
  }

  @Test
  void currentTimestampIsTheLocalWallClock() {
    long before = wallClock();
    Object value = run(allocator, ROW, List.<Object[]>of(VALUES), List.of(call(CURRENT_TIMESTAMP, TS)), null).get(0).get(0);
    long after = wallClock();
    assertTrue((Long) value >= before && (Long) value <= after, value + " not in [" + before + ", " + after + "]");
  }

  @Test
  void threeValuedLogicTruthTable() {
    Schema schema = Schema.of(new Field("a", BOOL), new Field("b", BOOL));
    ExprSpec a = ref(0, BOOL);
    ExprSpec b = ref(1, BOOL);
    Boolean[] values = {true, false, null};
    List<Object[]> rows = new ArrayList<>();
    for (Boolean x : values) {
      for (Boolean y : values) {
        rows.add(new Object[] {x, y});
      }
    }
    List<ExprSpec> projections = List.of(call(AND, BOOL, a, b), call(OR, BOOL, a, b), call(NOT, BOOL, a),
        call(IS_TRUE, BOOL, a), call(IS_NOT_TRUE, BOOL, a), call(IS_FALSE, BOOL, a), call(IS_NOT_FALSE, BOOL, a),
        call(AND, BOOL, a, b, lit(true, BOOL)), call(OR, BOOL, lit(false, BOOL), a, b));
    List<List<Object>> out = run(allocator, schema, rows, projections, null);
    Object[][] expected = {
        // AND, OR, NOT a, IS TRUE, IS NOT TRUE, IS FALSE, IS NOT FALSE, AND3, OR3
        {true, true, false, true, false, false, true, true, true},
        {false, true, false, true, false, false, true, false, true},
        {null, true, false, true, false, false, true, null, true},
        {false, true, true, false, true, true, false, false, true},
        {false, false, true, false, true, true, false, false, false},
        {false, null, true, false, true, true, false, false, null},
        {null, true, null, false, true, false, true, null, true},
        {false, null, null, false, true, false, true, false, null},
        {null, null, null, false, true, false, true, null, null}};
    for (int r = 0; r < expected.length; r++) {
      assertEquals(Arrays.asList(expected[r]), out.get(r), "a=" + rows.get(r)[0] + " b=" + rows.get(r)[1]);
    }
  }

  @Test
  void filterKeepsOnlyTrueRows() {
    Schema schema = Schema.of(new Field("id", notNull(TypeKind.BIGINT)), new Field("channel", STRING), new Field("v", INT));
    List<Object[]> rows = List.of(
        new Object[] {1L, "Google", 10}, new Object[] {2L, "Bing", 20}, new Object[] {3L, null, 30},
        new Object[] {4L, "Google", null}, new Object[] {5L, "Google", 0});
    ExprSpec condition = call(AND, BOOL, call(EQUALS, BOOL, ref(1, STRING), str("Google")),
        call(GREATER_THAN, BOOL, call(DIVIDE, INT, i(100), ref(2, INT)), i(0)));
    // Row 5 passes the channel test and divides by zero unless a preceding FALSE operand stops AND.
    ExprSpec safeCondition = call(AND, BOOL, call(EQUALS, BOOL, ref(1, STRING), str("Google")),
        call(NOT_EQUALS, BOOL, ref(2, INT), i(0)), call(GREATER_THAN, BOOL, call(DIVIDE, INT, i(100), ref(2, INT)), i(0)));
    List<ExprSpec> projections = List.of(ref(0, notNull(TypeKind.BIGINT)), ref(1, STRING), call(TIMES, INT, ref(2, INT), i(2)));
    assertEquals(List.of(List.of(1L, "Google", 20)), run(allocator, schema, rows, projections, safeCondition));
    ExpressionException error = assertThrows(ExpressionException.class, () -> run(allocator, schema, rows, projections, condition));
    assertEquals("Division by zero", error.getMessage());
  }

  @Test
  void filterWithNullConditionDropsTheRow() {
    Schema schema = Schema.of(new Field("v", INT));
    List<Object[]> rows = List.of(new Object[] {1}, new Object[] {null}, new Object[] {3});
    ExprSpec condition = call(CASE, BOOL, call(GREATER_THAN, BOOL, ref(0, INT), i(2)), lit(true, BOOL),
        call(LESS_THAN, BOOL, ref(0, INT), i(2)), lit(null, BOOL), lit(false, BOOL));
    assertEquals(List.of(List.of(3)), run(allocator, schema, rows, List.of(ref(0, INT)), condition));
  }

  @Test
  void copiesAndConstantsWithAndWithoutFilter() {
    Schema schema = Schema.of(new Field("s", STRING), new Field("p", PRICE));
    List<Object[]> rows = List.of(new Object[] {"a", new BigDecimal("1.50")}, new Object[] {null, null},
        new Object[] {"ccc", new BigDecimal("3.00")});
    List<ExprSpec> projections = List.of(ref(0, STRING), ref(1, PRICE), str("k"), lit(null, INT));
    assertEquals(List.of(
        Arrays.asList("a", new BigDecimal("1.50"), "k", null),
        Arrays.asList(null, null, "k", null),
        Arrays.asList("ccc", new BigDecimal("3.00"), "k", null)), run(allocator, schema, rows, projections, null));
    assertEquals(List.of(Arrays.asList("ccc", new BigDecimal("3.00"), "k", null)),
        run(allocator, schema, rows, projections, call(IS_NOT_DISTINCT_FROM, BOOL, ref(0, STRING), str("ccc"))));
  }

  @Test
  void runtimeErrorsNameTheValue() {
    assertError("Division by zero", call(DIVIDE, INT, I, ZERO));
    assertError("Division by zero", call(MOD, BIGINT, B, lit(0L, BIGINT)));
    assertError("Division by zero", call(DIVIDE, PRICE, P, dec("0", 1, 0)));
    assertError("Cannot cast 'abc' to INTEGER", cast(str("abc"), INT));
    assertError("Cannot cast '2024-13-01' to DATE", cast(str("2024-13-01"), DATE));
    assertError("Cannot cast 'maybe' to BOOLEAN", cast(str("maybe"), BOOL));
    assertError("Cannot cast 300 to TINYINT: value out of range", cast(SMALL, type(TypeKind.TINYINT)));
    assertError("Cannot cast 1.0E20 to BIGINT: value out of range", cast(lit(1e20, DOUBLE), BIGINT));
    assertError("Cannot cast 100.00 to DECIMAL(3, 1): value out of range", cast(P, DataType.decimal(3, 1)));
    assertError("Value 1000.00 does not fit DECIMAL(5, 2)", call(TIMES, DataType.decimal(5, 2), P, dec("10.000", 5, 3)));
    assertError("Value 1000.00 does not fit DECIMAL(5, 2)", call(TIMES, DataType.decimal(5, 2), P, dec("10", 2, 0)));
  }

  @Test
  void invalidLiteralPatternFailsAtCompileTime() {
    ExpressionException error = assertThrows(ExpressionException.class,
        () -> CalcCompiler.compile(ROW, List.of(call(LIKE, BOOL, S, str("abc!"), str("!"))), null));
    assertEquals("Invalid pattern 'abc!': ends with the escape character", error.getMessage());
  }

  private void assertError(String message, ExprSpec expression) {
    ExpressionException error = assertThrows(ExpressionException.class,
        () -> run(allocator, ROW, List.<Object[]>of(VALUES), List.of(expression), null), expression::toString);
    assertEquals(message, error.getMessage());
  }

  @Test
  void sameShapeSharesOneClassAndKeepsItsLiterals() {
    ExprSpec plusOne = call(PLUS, INT, I, i(1));
    ExprSpec plusTwo = call(PLUS, INT, I, i(2));
    CompiledCalc one = CalcCompiler.compile(ROW, List.of(plusOne), null);
    CompiledCalc two = CalcCompiler.compile(ROW, List.of(plusTwo), null);
    assertSame(one.getClass(), two.getClass());
    assertNotSame(one.getClass(), CalcCompiler.compile(ROW, List.of(call(MINUS, INT, I, i(1))), null).getClass());
    assertEquals(8, run(allocator, ROW, List.<Object[]>of(VALUES), List.of(plusOne), null).get(0).get(0));
    assertEquals(9, run(allocator, ROW, List.<Object[]>of(VALUES), List.of(plusTwo), null).get(0).get(0));
    CompiledCalc likeA = CalcCompiler.compile(ROW, List.of(call(LIKE, BOOL, S, str("H%"))), null);
    CompiledCalc likeB = CalcCompiler.compile(ROW, List.of(call(LIKE, BOOL, S, str("X%"))), null);
    assertSame(likeA.getClass(), likeB.getClass());
  }

  @Test
  void sourceIsPrintableWithoutLiteralValues() {
    String source = CalcCompiler.source(ROW, List.of(call(PLUS, BIGINT, B, lit(123_456_789L, BIGINT))),
        call(EQUALS, BOOL, CHANNEL, str("Google")));
    assertTrue(source.contains("class GeneratedCalc"), source);
    assertTrue(source.contains("private void project0(int i, int k)"), source);
    assertTrue(source.contains("CodegenSupport.equalsUtf8(in11, i, lit0Utf8)"), source);
    assertFalse(source.contains("123456789"), source);
    assertFalse(source.contains("Google"), source);
  }

  @Test
  void fiveHundredProjectionsStayUnderTheMethodSizeLimit() {
    List<ExprSpec> projections = new ArrayList<>();
    for (int j = 0; j < 500; j++) {
      projections.add(call(CASE, BIGINT, call(GREATER_THAN, BOOL, B, lit((long) j, BIGINT)),
          call(PLUS, BIGINT, B, lit((long) j, BIGINT)), call(TIMES, BIGINT, B, lit((long) j, BIGINT))));
    }
    List<Object[]> rows = List.<Object[]>of(VALUES, VALUES);
    for (ExprSpec condition : Arrays.asList(null, call(IS_NOT_NULL, BOOL, B))) {
      List<List<Object>> out = run(allocator, ROW, rows, projections, condition);
      assertEquals(2, out.size());
      assertEquals(100L, out.get(0).get(0));
      assertEquals(199L, out.get(1).get(99));
      assertEquals(100L * 499, out.get(1).get(499));
    }
  }

  @Test
  void outputVectorsAreReusedAcrossBatches() {
    Schema schema = Schema.of(new Field("s", STRING));
    List<ExprSpec> projections = List.of(call(UPPER, STRING, ref(0, STRING)));
    CompiledCalc calc = CalcCompiler.compile(schema, projections, call(IS_NOT_NULL, BOOL, ref(0, STRING)));
    try (var out = org.apache.arrow.vector.VectorSchemaRoot.create(
        io.sluice.runtime.batch.ArrowTypes.toArrowSchema(CalcFixture.outputSchema(projections)), allocator)) {
      try (var in = CalcFixture.batch(allocator, schema, List.of(new Object[] {"abc"}, new Object[] {null}, new Object[] {"de"}))) {
        assertEquals(2, calc.evaluate(in, out));
        assertEquals(List.of(List.of("ABC"), List.of("DE")), CalcFixture.rows(out));
      }
      try (var in = CalcFixture.batch(allocator, schema, List.<Object[]>of(new Object[] {"xyz"}))) {
        assertEquals(1, calc.evaluate(in, out));
        assertEquals(List.of(List.of("XYZ")), CalcFixture.rows(out));
      }
    }
  }

  static long ts(String text) {
    return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  static int date(String text) {
    return (int) LocalDate.parse(text).toEpochDay();
  }

  private static long wallClock() {
    return LocalDateTime.now().toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
