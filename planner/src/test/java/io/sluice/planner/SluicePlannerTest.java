package io.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.parser.Statement;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.junit.jupiter.api.Test;

/**
 * Planner tests. Queries are parsed with Calcite's own parser configured like Sluice's
 * dialect (unchanged casing, back-tick quoting) so the planner is tested on its own.
 */
class SluicePlannerTest {
  private final Catalog catalog = new Catalog();
  private final SluicePlanner planner = new SluicePlanner(catalog, SluicePlannerTest::parse);

  static SqlNode parse(String sql) {
    try {
      return SqlParser.create(sql, SqlParser.config()
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withQuoting(Quoting.BACK_TICK)
          .withCaseSensitive(true)
          .withConformance(SqlConformanceEnum.LENIENT)).parseQuery();
    } catch (SqlParseException e) {
      throw new AssertionError(e);
    }
  }

  private static SqlNode expression(String sql) {
    return ((org.apache.calcite.sql.SqlSelect) parse("SELECT " + sql)).getSelectList().get(0);
  }

  private static Statement.ColumnDefinition column(String name, SqlTypeName type) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return new Statement.ColumnDefinition(name, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos), null, pos);
  }

  private void createBids(Map<String, String> options) {
    Statement.CreateTable ddl = new Statement.CreateTable(List.of("bid"), false, List.of(
        column("auction", SqlTypeName.BIGINT), column("bidder", SqlTypeName.BIGINT),
        column("price", SqlTypeName.BIGINT), column("channel", SqlTypeName.VARCHAR),
        column("date_time", SqlTypeName.TIMESTAMP)),
        new Statement.WatermarkDefinition("date_time", expression("date_time - INTERVAL '4' SECOND"), SqlParserPos.ZERO),
        List.of(), options, SqlParserPos.ZERO);
    catalog.putTable(planner.createTable(ddl));
  }

  @Test
  void valuesProjectionIsACalcOverValues() {
    SluicePlanner.Planned planned = planner.planQuery(parse("SELECT x * 2 FROM (VALUES 1, 2, 3, 4, 5) AS t(x)"));
    PlanNode root = planned.physical().root();
    PlanNode.Calc calc = assertInstanceOf(PlanNode.Calc.class, root);
    PlanNode.Values values = assertInstanceOf(PlanNode.Values.class, calc.input());
    assertEquals(5, values.rows().size());
    assertEquals(List.of(1), values.rows().get(0));
    assertEquals("TIMES($0, 2)", calc.projections().get(0).toString());
  }

  @Test
  void globalAggregateOverValues() {
    PlanNode root = planner.planQuery(parse("SELECT SUM(x * x) FROM (VALUES 1, 2, 3, 4, 5) AS t(x)")).physical().root();
    PlanNode.Aggregate aggregate = assertInstanceOf(PlanNode.Aggregate.class, root);
    assertEquals(List.of(), aggregate.groupKeys());
    assertEquals("SUM($0)", aggregate.calls().get(0).toString());
    assertInstanceOf(PlanNode.Calc.class, aggregate.input());
  }

  @Test
  void filterAndProjectionArePushedIntoTheScan() {
    createBids(Map.of("connector", "file", "path", "/tmp/bid", "format", "csv"));
    SluicePlanner.Planned planned = planner.planQuery(
        parse("SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0 AND 1 = 1"));
    PlanNode.Scan scan = assertInstanceOf(PlanNode.Scan.class, planned.physical().root());
    assertEquals(List.of(0, 2), scan.columns());
    assertEquals("EQUALS(MOD($0, 123), 0)", scan.filter().toString());
    String explain = planned.explain();
    assertTrue(explain.contains("== Logical Plan =="), explain);
    assertTrue(explain.contains("SluiceTableScan(table=[[bid]], columns=[[auction, price]], filter=[=(MOD($0, 123), 0)])"),
        explain);
    assertTrue(explain.contains("== Physical Plan ==\nScan(table=[bid], connector=[file], columns=[auction, price], "
        + "filter=[EQUALS(MOD($0, 123), 0)], changelogMode=[I])"), explain);
  }

  private void createTable(String name, List<Statement.ColumnDefinition> columns, String watermarkColumn,
      List<String> primaryKey) {
    Statement.WatermarkDefinition watermark = watermarkColumn == null ? null
        : new Statement.WatermarkDefinition(watermarkColumn, expression(watermarkColumn), SqlParserPos.ZERO);
    catalog.putTable(planner.createTable(new Statement.CreateTable(List.of(name), false, columns, watermark,
        primaryKey, Map.of("connector", "file", "path", "/tmp/" + name, "format", "csv"), SqlParserPos.ZERO)));
  }

  private void createOrders() {
    createTable("orders", List.of(column("order_id", SqlTypeName.BIGINT), column("currency", SqlTypeName.VARCHAR),
        column("amount", SqlTypeName.BIGINT), column("note", SqlTypeName.VARCHAR),
        column("ts", SqlTypeName.TIMESTAMP)), "ts", List.of());
  }

  @Test
  void aTemporalJoinScansOnlyTheColumnsItUsesAndKeepsTheVersionTime() {
    createOrders();
    createTable("rates", List.of(column("currency", SqlTypeName.VARCHAR), column("source", SqlTypeName.VARCHAR),
        column("rate", SqlTypeName.BIGINT), column("ts", SqlTypeName.TIMESTAMP), column("memo", SqlTypeName.VARCHAR)),
        "ts", List.of("currency"));
    SluicePlanner.Planned planned = planner.planQuery(parse("SELECT o.order_id, r.rate FROM orders o"
        + " JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency"));
    String explain = planned.explain();
    // amount and note, source and memo are read by nothing; rates.ts by the join alone.
    assertTrue(explain.contains("Scan(table=[orders], connector=[file], columns=[order_id, currency, ts]"), explain);
    assertTrue(explain.contains("Scan(table=[rates], connector=[file], columns=[currency, rate, ts]"), explain);
    PlanNode.Calc calc = assertInstanceOf(PlanNode.Calc.class, planned.physical().root());
    PlanNode.TemporalJoin join = assertInstanceOf(PlanNode.TemporalJoin.class, calc.input());
    assertEquals(List.of(1), join.leftKeys());
    assertEquals(List.of(0), join.rightKeys());
    assertEquals(2, join.leftTime());
    assertEquals(2, join.rightTime());
    assertEquals(6, join.schema().size(), join.schema().toString());
  }

  @Test
  void aLookupJoinReadsOnlyTheTableColumnsItUses() {
    createOrders();
    createTable("customers", List.of(column("tier", SqlTypeName.VARCHAR), column("id", SqlTypeName.BIGINT),
        column("name", SqlTypeName.VARCHAR), column("ts", SqlTypeName.TIMESTAMP)), "ts", List.of());
    SluicePlanner.Planned planned = planner.planQuery(parse("SELECT o.amount, c.name FROM orders o"
        + " JOIN customers FOR SYSTEM_TIME AS OF PROCTIME() AS c ON o.order_id = c.id"));
    String explain = planned.explain();
    assertTrue(explain.contains("LookupJoin(table=[customers], columns=[id, name], kind=[INNER], keys=[left.$0 = right.$0]"),
        explain);
    assertTrue(explain.contains("Scan(table=[orders], connector=[file], columns=[order_id, amount]"), explain);
    PlanNode.Calc calc = assertInstanceOf(PlanNode.Calc.class, planned.physical().root());
    PlanNode.LookupJoin join = assertInstanceOf(PlanNode.LookupJoin.class, calc.input());
    assertEquals(List.of(1, 2), join.columns());
  }

  @Test
  void groupByOverAnUnboundedTableIsAContinuousAggregation() {
    createBids(Map.of("connector", "datagen", "rows-per-second", "10"));
    PlanNode root = planner.planQuery(parse(
        "SELECT n, COUNT(*) AS auctions FROM (SELECT auction, COUNT(*) AS n FROM bid GROUP BY auction) "
            + "WHERE n > 1 GROUP BY n")).physical().root();
    PlanNode.GroupAggregate outer = assertInstanceOf(PlanNode.GroupAggregate.class, root);
    assertEquals(List.of("n", "auctions", RowKind.COLUMN), outer.schema().names());
    // The filter between the aggregations passes the row kind through as its last column.
    PlanNode.Calc filter = assertInstanceOf(PlanNode.Calc.class, outer.input());
    assertTrue(RowKind.isChangelog(filter.schema()), filter.schema().toString());
    assertInstanceOf(PlanNode.GroupAggregate.class, filter.input());
  }

  @Test
  void changelogIntoAnAppendOnlyTableIsRefused() {
    createBids(Map.of("connector", "datagen", "rows-per-second", "10"));
    catalog.putTable(planner.createTable(new Statement.CreateTable(List.of("counts"), false,
        List.of(column("auction", SqlTypeName.BIGINT), column("n", SqlTypeName.BIGINT)), null, List.of(),
        Map.of("connector", "file", "path", "/tmp/counts"), SqlParserPos.ZERO)));
    Statement.Insert insert = new Statement.Insert(List.of("counts"), List.of(),
        parse("SELECT auction, COUNT(*) FROM bid GROUP BY auction"), SqlParserPos.ZERO);
    PlanningException e = assertThrows(PlanningException.class, () -> planner.planInsert(insert));
    assertTrue(e.getMessage().startsWith("Table 'counts' (connector 'file') is append-only, but the query produces "
        + "a changelog"), e.getMessage());
  }

  @Test
  void aggregateNarrowsTheScan() {
    createBids(Map.of("connector", "file", "path", "/tmp/bid"));
    PlanNode root = planner.planQuery(parse("SELECT channel, COUNT(*), MAX(price) FROM bid GROUP BY channel"))
        .physical().root();
    PlanNode.Aggregate aggregate = assertInstanceOf(PlanNode.Aggregate.class, root);
    PlanNode.Scan scan = assertInstanceOf(PlanNode.Scan.class, aggregate.input());
    assertEquals(List.of(3, 2), scan.columns().stream().sorted(java.util.Comparator.reverseOrder()).toList());
  }

  @Test
  void watermarkIsAnExpressionOverTheTable() {
    createBids(Map.of("connector", "file", "path", "/tmp/bid"));
    TableSpec bid = catalog.table("bid").orElseThrow();
    assertNotNull(bid.watermark());
    assertEquals(4, bid.watermark().column());
    assertEquals(TypeKind.TIMESTAMP, bid.watermark().expression().type().kind());
    assertEquals("MINUS($4, 4000)", bid.watermark().expression().toString());
  }

  @Test
  void unknownColumnSuggestsTheClosestName() {
    createBids(Map.of("connector", "file", "path", "/tmp/bid"));
    PlanningException e = assertThrows(PlanningException.class,
        () -> planner.planQuery(parse("SELECT auction,\n  pirce FROM bid")));
    assertEquals("Column 'pirce' not found in any table; did you mean 'price'?", e.getMessage());
    assertEquals(2, e.line());
    assertEquals(3, e.column());
  }

  @Test
  void unknownTableSuggestsTheClosestName() {
    createBids(Map.of("connector", "file", "path", "/tmp/bid"));
    PlanningException e = assertThrows(PlanningException.class, () -> planner.planQuery(parse("SELECT * FROM bids")));
    assertEquals("Object 'bids' not found; did you mean 'bid'?", e.getMessage());
  }

  @Test
  void orderByOverAnUnboundedTableIsRefused() {
    createBids(Map.of("connector", "datagen", "rows-per-second", "10"));
    PlanningException e = assertThrows(PlanningException.class,
        () -> planner.planQuery(parse("SELECT price FROM bid ORDER BY price")));
    assertTrue(e.getMessage().startsWith("ORDER BY over the unbounded table 'bid'"), e.getMessage());
  }

  @Test
  void unionDistinctBecomesAnAggregateOverUnionAll() {
    PlanNode root = planner.planQuery(parse("SELECT * FROM (VALUES 1, 2) AS a(x) UNION SELECT * FROM (VALUES 2, 3) AS b(x)"))
        .physical().root();
    PlanNode.Aggregate aggregate = assertInstanceOf(PlanNode.Aggregate.class, root);
    assertInstanceOf(PlanNode.Union.class, aggregate.input());
  }

  @Test
  void orderByWithLimitIsASortWithFetch() {
    PlanNode root = planner.planQuery(parse("SELECT x FROM (VALUES 3, 1, 2) AS t(x) ORDER BY x DESC LIMIT 2"))
        .physical().root();
    PlanNode.Sort sort = assertInstanceOf(PlanNode.Sort.class, root);
    assertEquals(2, sort.fetch());
    assertTrue(sort.keys().get(0).descending());
  }

  @Test
  void viewsExpandInPlace() {
    createBids(Map.of("connector", "file", "path", "/tmp/bid"));
    String sql = "SELECT auction, price * 2 AS doubled FROM bid WHERE price > 10";
    Statement.CreateView ddl = new Statement.CreateView(List.of("expensive"), false, false, List.of(), parse(sql), sql,
        SqlParserPos.ZERO);
    catalog.putView(planner.createView(ddl));
    PlanNode root = planner.planQuery(parse("SELECT doubled FROM expensive")).physical().root();
    PlanNode.Calc calc = assertInstanceOf(PlanNode.Calc.class, root);
    PlanNode.Scan scan = assertInstanceOf(PlanNode.Scan.class, calc.input());
    assertEquals(List.of(2), scan.columns());
    assertEquals("GREATER_THAN($0, 10)", scan.filter().toString());
  }
}
