package io.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.parser.Statement;
import io.sluice.plan.PlanNode;
import io.sluice.plan.SortKey;
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

/** Planning of window Top-N queries (ROW_NUMBER() over a window, filtered by the rank) and their errors. */
class WindowTopNPlanningTest {
  private static final String RANKED = "SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction "
      + "ORDER BY price DESC) AS rn FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' SECOND))";

  private final Catalog catalog = new Catalog();
  private final SluicePlanner planner = new SluicePlanner(catalog, SluicePlannerTest::parse);

  @BeforeEach
  void tables() {
    SqlParserPos pos = SqlParserPos.ZERO;
    Statement.WatermarkDefinition watermark = new Statement.WatermarkDefinition("ts",
        ((SqlSelect) SluicePlannerTest.parse("SELECT ts - INTERVAL '4' SECOND")).getSelectList().get(0), pos);
    catalog.putTable(planner.createTable(new Statement.CreateTable(List.of("bid"), false, List.of(
        column("auction", SqlTypeName.BIGINT), column("price", SqlTypeName.BIGINT),
        column("ts", SqlTypeName.TIMESTAMP)), watermark, List.of(),
        Map.of("connector", "datagen", "allowed-lateness", "2 s"), pos)));
  }

  private static Statement.ColumnDefinition column(String name, SqlTypeName type) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return new Statement.ColumnDefinition(name, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos), null, pos);
  }

  private PlanNode plan(String sql) {
    return planner.planQuery(SluicePlannerTest.parse(sql)).physical().root();
  }

  private String error(String sql) {
    return assertThrows(PlanningException.class, () -> plan(sql)).getMessage();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"rn <= 3 | 3", "rn < 3 | 2", "rn = 1 | 1", "3 >= rn | 3", "rn <= 1 | 1",
      "rn BETWEEN 1 AND 4 | 4", "rn > 0 AND rn < 6 | 5"})
  void rankBoundsBecomeTheLimit(String condition, long limit) {
    PlanNode root = plan("SELECT * FROM (" + RANKED + ") WHERE " + condition);
    // With rn = 1 Calcite projects the rank as the constant 1, so the operator need not write it.
    PlanNode.WindowTopN topN = assertInstanceOf(PlanNode.WindowTopN.class,
        root instanceof PlanNode.Calc calc ? calc.input() : root);
    assertEquals(limit, topN.limit());
    // Columns of the TVF: auction, price, ts, window_start, window_end, window_time.
    assertEquals(List.of(0, 3, 4), topN.partitionKeys());
    assertEquals(List.of(new SortKey(1, true, false)), topN.sortKeys());
    assertEquals(4, topN.windowEnd());
    assertEquals(2000, topN.lateness().allowedLateness());
    assertEquals("rn", root.schema().field(6).name());
  }

  @Test
  void anOuterProjectionWithoutTheRankDropsIt() {
    PlanNode root = plan("SELECT auction, price FROM (" + RANKED + ") WHERE rn <= 2");
    PlanNode.Calc calc = assertInstanceOf(PlanNode.Calc.class, root);
    PlanNode.WindowTopN topN = assertInstanceOf(PlanNode.WindowTopN.class, calc.input());
    assertFalse(topN.keepRank());
    assertEquals(6, topN.schema().size());
  }

  @Test
  void otherConditionsApplyToTheRankedRows() {
    PlanNode root = plan("SELECT * FROM (" + RANKED + ") WHERE rn <= 2 AND price > 10");
    PlanNode.Calc calc = assertInstanceOf(PlanNode.Calc.class, root);
    assertInstanceOf(PlanNode.WindowTopN.class, calc.input());
    assertTrue(calc.condition() != null);
  }

  @Test
  void aWindowAggregateInputIsTracedToItsWindowColumns() {
    PlanNode root = plan("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end "
        + "ORDER BY n DESC) AS rn FROM (SELECT auction, window_start, window_end, COUNT(*) AS n "
        + "FROM TABLE(HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) "
        + "GROUP BY auction, window_start, window_end)) WHERE rn <= 1");
    PlanNode.WindowTopN topN = assertInstanceOf(PlanNode.WindowTopN.class, root);
    assertEquals(List.of(1, 2), topN.partitionKeys());
    assertEquals(2, topN.windowEnd());
  }

  @Test
  void errorsSayWhatATopNNeeds() {
    assertEquals("ROW_NUMBER() runs only as a window Top-N: PARTITION BY window_start, window_end (and any keys) of "
        + "a window table function or window aggregate",
        error("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price) AS rn FROM bid) "
            + "WHERE rn <= 3"));
    assertTrue(error(RANKED).startsWith("ROW_NUMBER() runs only as a window Top-N: filter it with rn <= N"));
    assertTrue(error("SELECT * FROM (" + RANKED + ") WHERE rn > 1")
        .startsWith("A window Top-N must filter its ROW_NUMBER() column as rn <= N, rn < N or rn = 1"));
    assertTrue(error("SELECT * FROM (" + RANKED + ") WHERE rn <= 2 AND rn <> 1")
        .startsWith("A window Top-N must filter its ROW_NUMBER() column as rn <= N, rn < N or rn = 1"));
    assertTrue(error("SELECT * FROM (" + RANKED + ") WHERE rn <= 0").contains("keeps no rows"));
  }
}
