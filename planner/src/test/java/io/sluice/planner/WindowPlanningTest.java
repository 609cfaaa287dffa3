package io.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.parser.Statement;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.WindowKind;
import io.sluice.plan.WindowSpec;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Planning of window table functions, window aggregations and group windows, and their errors. */
class WindowPlanningTest {
  private final Catalog catalog = new Catalog();
  private final SluicePlanner planner = new SluicePlanner(catalog, SluicePlannerTest::parse);

  private static Statement.ColumnDefinition column(String name, SqlTypeName type) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return new Statement.ColumnDefinition(name, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos), null, pos);
  }

  private void table(String name, boolean watermark, Map<String, String> options) {
    SqlParserPos pos = SqlParserPos.ZERO;
    Statement.WatermarkDefinition definition = watermark ? new Statement.WatermarkDefinition("ts",
        ((SqlSelect) SluicePlannerTest.parse("SELECT ts - INTERVAL '4' SECOND")).getSelectList().get(0), pos) : null;
    catalog.putTable(planner.createTable(new Statement.CreateTable(List.of(name), false, List.of(
        column("auction", SqlTypeName.BIGINT), column("price", SqlTypeName.BIGINT),
        column("created", SqlTypeName.TIMESTAMP), column("ts", SqlTypeName.TIMESTAMP)),
        definition, List.of(), options, pos)));
  }

  @BeforeEach
  void tables() {
    table("bid", true, Map.of("connector", "datagen", "allowed-lateness", "2 s"));
    table("plain", false, Map.of("connector", "datagen"));
  }

  private PlanNode plan(String sql) {
    return planner.planQuery(SluicePlannerTest.parse(sql)).physical().root();
  }

  private PlanningException error(String sql) {
    return assertThrows(PlanningException.class, () -> plan(sql));
  }

  /** Finds the one node of {@code type} under {@code root}. */
  private static <T extends PlanNode> T find(PlanNode root, Class<T> type) {
    if (type.isInstance(root)) {
      return type.cast(root);
    }
    for (PlanNode input : root.inputs()) {
      T found = find(input, type);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' SECOND) | TUMBLE | 10000 | 10000 | 10000",
      "HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND) | HOP | 10000 | 2000 | 2000",
      "CUMULATE(TABLE bid, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR) | CUMULATE | 3600000 | 60000 | 60000",
      "SESSION(TABLE bid PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '30' SECOND) | SESSION | 30000 | 30000 | 30000"})
  void windowAggregationBecomesAWindowAggregate(String function, WindowKind kind, long size, long step, long slice) {
    PlanNode root = plan("SELECT auction, window_start, window_end, COUNT(*) AS n, SUM(price) AS total "
        + "FROM TABLE(" + function + ") GROUP BY auction, window_start, window_end");
    PlanNode.WindowAggregate aggregate = find(root, PlanNode.WindowAggregate.class);
    WindowSpec window = aggregate.window();
    assertEquals(kind, window.kind());
    assertEquals(size, window.size());
    assertEquals(step, window.step());
    assertEquals(slice, window.sliceLength());
    assertEquals(2000, aggregate.lateness().allowedLateness());
    assertEquals("bid.late-rows-dropped", aggregate.lateness().droppedCounter());
    assertEquals(List.of(AggregateKind.COUNT, AggregateKind.SUM),
        aggregate.calls().stream().map(io.sluice.plan.AggregateCall::kind).toList());
    assertEquals(List.of("auction", "window_start", "window_end", "n", "total"), root.schema().names());
    assertEquals("TIMESTAMP(3) NOT NULL", root.schema().type(1).sql());
  }

  @Test
  void windowTableFunctionAddsWindowColumns() {
    PlanNode root = plan("SELECT * FROM TABLE(HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))");
    PlanNode.WindowAssign assign = assertInstanceOf(PlanNode.WindowAssign.class, root);
    assertEquals(List.of("auction", "price", "created", "ts", "window_start", "window_end", "window_time"),
        assign.schema().names());
  }

  @Test
  void groupWindowFormLowersToTheSameOperator() {
    PlanNode root = plan("SELECT auction, SESSION_START(ts, INTERVAL '5' SECOND) AS s, "
        + "SESSION_END(ts, INTERVAL '5' SECOND) AS e, COUNT(*) FROM bid GROUP BY SESSION(ts, INTERVAL '5' SECOND), auction");
    PlanNode.WindowAggregate aggregate = find(root, PlanNode.WindowAggregate.class);
    assertEquals(WindowKind.SESSION, aggregate.window().kind());
    PlanNode.Calc top = assertInstanceOf(PlanNode.Calc.class, root);
    // SESSION_END reads the window operator's window_end, not the start Calcite maps it to.
    assertTrue(top.projections().get(2).toString().startsWith("$"), top.projections().toString());
    assertEquals(List.of("auction", "s", "e", "EXPR$3"), root.schema().names());
  }

  @Test
  void windowsNeedTheEventTimeAttribute() {
    assertEquals("The time column 'created' of TUMBLE must be the event-time attribute of table 'bid', which is "
        + "'ts' (WATERMARK FOR)", error("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bid, "
        + "DESCRIPTOR(created), INTERVAL '1' SECOND)) GROUP BY window_start, window_end").getMessage());
    assertTrue(error("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(ts), "
        + "INTERVAL '1' SECOND)) GROUP BY window_start, window_end").getMessage()
        .startsWith("Table 'plain' declares no event time"));
  }

  @Test
  void validationErrorsNameTheArgumentAndItsPosition() {
    PlanningException notTime = error("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(price), INTERVAL '1' SECOND))");
    assertEquals("The time column 'price' of TUMBLE must be a TIMESTAMP, not BIGINT", notTime.getMessage());
    assertEquals(1, notTime.line());
    assertEquals(50, notTime.column());
    assertEquals("HOP size (10000 ms) must be a whole multiple of its slide (3000 ms)", error("SELECT * FROM TABLE("
        + "HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '3' SECOND, INTERVAL '10' SECOND))").getMessage());
    assertEquals("The size of TUMBLE must be positive, not -1000 ms", error("SELECT * FROM TABLE("
        + "TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL -'1' SECOND))").getMessage());
    assertTrue(error("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(nope), INTERVAL '1' SECOND))")
        .getMessage().startsWith("Column 'nope' in DESCRIPTOR of TUMBLE is not a column of the input"));
    assertEquals("A window aggregation must GROUP BY both window_start and window_end", error("SELECT window_start, "
        + "COUNT(*) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start")
        .getMessage());
    assertEquals("DISTINCT is supported in window aggregations for COUNT only, not SUM", error("SELECT SUM(DISTINCT "
        + "price) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end")
        .getMessage());
  }
  @Test
  void aWindowQueryScansOnlyTheColumnsItReadsAndACteUsedTwiceIsOneSubplan() {
    table("final_bid", true, Map.of("connector", "datagen"));
    PlanNode root = plan("""
        WITH per_auction AS (
          SELECT auction, window_start AS ws, window_end AS we, COUNT(*) AS num
          FROM TABLE(TUMBLE(TABLE final_bid, DESCRIPTOR(ts), INTERVAL '10' SECOND))
          GROUP BY auction, window_start, window_end)
        SELECT c.auction, c.num FROM per_auction c
        JOIN (SELECT ws, we, MAX(num) AS maxn FROM per_auction GROUP BY ws, we) m
          ON c.ws = m.ws AND c.we = m.we AND c.num >= m.maxn""");

    java.util.Set<PlanNode> scans = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Set<PlanNode> aggregates = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    collect(root, PlanNode.Scan.class, scans);
    collect(root, PlanNode.WindowAggregate.class, aggregates);
    // Both uses of the CTE lead to the same scan and window aggregate instances.
    assertEquals(1, scans.size());
    PlanNode.Scan scan = (PlanNode.Scan) scans.iterator().next();
    // auction and ts of (auction, price, created, ts): the window's trimming reaches the scan.
    assertEquals(List.of(0, 3), scan.columns());
    assertEquals(2, aggregates.size(), "the per-auction counts and the MAX over them");
  }

  private static void collect(PlanNode node, Class<? extends PlanNode> type, java.util.Set<PlanNode> found) {
    if (type.isInstance(node)) {
      found.add(node);
    }
    node.inputs().forEach(input -> collect(input, type, found));
  }
}
