package io.sluice.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.parser.Statement.ObjectKind;
import io.sluice.parser.error.SqlSyntaxException;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlMapTypeNameSpec;
import org.apache.calcite.sql.SqlRowTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Tests of the non-query statements: DDL, INSERT, EXPLAIN and the session commands. */
class StatementParsingTest {
  private final SluiceParser parser = new SluiceParser();

  @Test
  void createTableWithWatermarkPrimaryKeyAndOptions() {
    Statement.CreateTable table = (Statement.CreateTable) parser.parseStatement("""
        CREATE TABLE IF NOT EXISTS cat.db.bids (
          auction BIGINT NOT NULL COMMENT 'the auction',
          price DECIMAL(10, 2),
          channel STRING,
          `date_time` TIMESTAMP(3),
          WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND,
          PRIMARY KEY (auction, channel) NOT ENFORCED
        ) COMMENT 'bids' WITH ('connector' = 'kafka', 'topic' = 'bids', 'format' = 'json');""");
    assertEquals(List.of("cat", "db", "bids"), table.name());
    assertTrue(table.ifNotExists());
    assertEquals(List.of("auction", "price", "channel", "date_time"),
        table.columns().stream().map(Statement.ColumnDefinition::name).toList());
    Statement.ColumnDefinition auction = table.columns().get(0);
    assertEquals(SqlTypeName.BIGINT, typeName(auction.type()));
    assertFalse(auction.type().getNullable());
    assertEquals("the auction", auction.comment());
    SqlBasicTypeNameSpec price = basicType(table.columns().get(1).type());
    assertEquals(SqlTypeName.DECIMAL, typeName(table.columns().get(1).type()));
    assertEquals(10, price.getPrecision());
    assertEquals(2, price.getScale());
    assertTrue(table.columns().get(1).type().getNullable());
    assertNull(table.columns().get(1).comment());
    assertEquals(SqlTypeName.VARCHAR, typeName(table.columns().get(2).type()));
    assertEquals(3, basicType(table.columns().get(3).type()).getPrecision());
    assertEquals("date_time", table.watermark().column());
    assertEquals("`date_time` - INTERVAL '4' SECOND", table.watermark().expression().toString());
    assertEquals(List.of("auction", "channel"), table.primaryKey());
    assertEquals(List.of("connector", "topic", "format"), List.copyOf(table.options().keySet()));
    assertEquals(Map.of("connector", "kafka", "topic", "bids", "format", "json"), table.options());
  }

  @Test
  void createTableWithNestedTypes() {
    Statement.CreateTable table = (Statement.CreateTable) parser.parseStatement(
        "CREATE TABLE t (tags ARRAY<STRING NOT NULL>, attrs MAP<STRING, INT>, "
            + "pos ROW<lat DOUBLE, lon DOUBLE> NOT NULL, at TIMESTAMP_LTZ(3), raw BYTES, ok BOOLEAN NULL)");
    assertInstanceOf(SqlCollectionTypeNameSpec.class, table.columns().get(0).type().getTypeNameSpec());
    assertInstanceOf(SqlMapTypeNameSpec.class, table.columns().get(1).type().getTypeNameSpec());
    SqlDataTypeSpec pos = table.columns().get(2).type();
    assertInstanceOf(SqlRowTypeNameSpec.class, pos.getTypeNameSpec());
    assertFalse(pos.getNullable());
    assertEquals(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, typeName(table.columns().get(3).type()));
    assertEquals(SqlTypeName.VARBINARY, typeName(table.columns().get(4).type()));
    assertTrue(table.columns().get(5).type().getNullable());
    assertNull(table.watermark());
    assertEquals(List.of(), table.primaryKey());
    assertEquals(Map.of(), table.options());
  }

  @Test
  void postfixArrayTypesAreArrays() {
    Statement.CreateTable table = (Statement.CreateTable) parser.parseStatement(
        "CREATE TABLE t (a INT ARRAY, b VARCHAR(5) NOT NULL ARRAY NOT NULL, c INT ARRAY ARRAY, d ROW(x INT ARRAY))");
    SqlCollectionTypeNameSpec a = assertInstanceOf(SqlCollectionTypeNameSpec.class,
        table.columns().get(0).type().getTypeNameSpec());
    assertEquals("INTEGER", a.getElementTypeName().getTypeName().getSimple());
    assertFalse(table.columns().get(1).type().getNullable());
    SqlCollectionTypeNameSpec c = assertInstanceOf(SqlCollectionTypeNameSpec.class,
        table.columns().get(2).type().getTypeNameSpec());
    assertInstanceOf(SqlCollectionTypeNameSpec.class, c.getElementTypeName());
    assertInstanceOf(SqlRowTypeNameSpec.class, table.columns().get(3).type().getTypeNameSpec());
  }

  @Test
  void nonReservedKeywordsNameColumns() {
    Statement.CreateTable table = (Statement.CreateTable) parser.parseStatement(
        "create table t (name STRING, value INT, count BIGINT, type STRING, comment STRING comment 'c', "
            + "position INT, status STRING, timestamp TIMESTAMP(3), url STRING, extra STRING, channel STRING, "
            + "date_time TIMESTAMP(3), window_start TIMESTAMP(3), key INT, watermark INT, `select` INT)");
    assertEquals(List.of("name", "value", "count", "type", "comment", "position", "status", "timestamp", "url",
            "extra", "channel", "date_time", "window_start", "key", "watermark", "select"),
        table.columns().stream().map(Statement.ColumnDefinition::name).toList());
    assertEquals("c", table.columns().get(4).comment());
  }

  @Test
  void createViewKeepsTheQueryText() {
    Statement.CreateView view = (Statement.CreateView) parser.parseStatement(
        "CREATE OR REPLACE TEMPORARY VIEW IF NOT EXISTS v (a, b) AS SELECT x, COUNT(*)\n  FROM t GROUP BY x;");
    assertEquals(List.of("v"), view.name());
    assertTrue(view.ifNotExists());
    assertTrue(view.orReplace());
    assertEquals(List.of("a", "b"), view.columns());
    assertEquals("SELECT x, COUNT(*)\n  FROM t GROUP BY x", view.sql());
    assertEquals("SELECT `x`, COUNT(*)\nFROM `t`\nGROUP BY `x`", view.query().toString());
  }

  @Test
  void createFunctionAndModel() {
    Statement.CreateFunction function = (Statement.CreateFunction) parser.parseStatement(
        "CREATE TEMPORARY FUNCTION IF NOT EXISTS risk AS 'com.acme.Risk' LANGUAGE JAVA USING JAR 'lib/acme.jar'");
    assertEquals(new Statement.CreateFunction(List.of("risk"), true, "com.acme.Risk", "lib/acme.jar",
        function.position()), function);
    Statement.CreateFunction plain = (Statement.CreateFunction) parser.parseStatement("CREATE FUNCTION f AS 'F'");
    assertFalse(plain.ifNotExists());
    assertNull(plain.jar());

    Statement.CreateModel model = (Statement.CreateModel) parser.parseStatement(
        "CREATE MODEL fraud WITH ('type' = 'logistic_regression', 'path' = 'models/fraud.yaml')");
    assertEquals(List.of("fraud"), model.name());
    assertFalse(model.ifNotExists());
    assertEquals(List.of("type", "path"), List.copyOf(model.options().keySet()));
  }

  @Test
  void dropShowDescribe() {
    assertEquals(drop(ObjectKind.TABLE, List.of("db", "t"), true), withoutPosition(parser.parseStatement(
        "DROP TABLE IF EXISTS db.t")));
    assertEquals(drop(ObjectKind.VIEW, List.of("v"), false), withoutPosition(parser.parseStatement("drop view v")));
    assertEquals(drop(ObjectKind.FUNCTION, List.of("f"), false),
        withoutPosition(parser.parseStatement("DROP TEMPORARY FUNCTION f")));
    assertEquals(drop(ObjectKind.MODEL, List.of("m"), false), withoutPosition(parser.parseStatement("DROP MODEL m")));

    List<ObjectKind> shown = parser.parseScript("SHOW TABLES; SHOW VIEWS; SHOW FUNCTIONS; SHOW MODELS; SHOW JOBS")
        .stream().map(statement -> ((Statement.Show) statement).kind()).toList();
    assertEquals(List.of(ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.FUNCTION, ObjectKind.MODEL, ObjectKind.JOB),
        shown);

    Statement.Describe bids = (Statement.Describe) parser.parseStatement("DESCRIBE bids");
    assertEquals(ObjectKind.TABLE, bids.kind());
    assertEquals(List.of("bids"), bids.name());
    Statement.Describe model = (Statement.Describe) parser.parseStatement("DESC MODEL fraud");
    assertEquals(ObjectKind.MODEL, model.kind());
  }

  @Test
  void setAndReset() {
    Statement.Set set = (Statement.Set) parser.parseStatement("SET 'parallelism.default' = '4'");
    assertEquals("parallelism.default", set.key());
    assertEquals("4", set.value());
    Statement.Set list = (Statement.Set) parser.parseStatement("SET");
    assertNull(list.key());
    assertNull(list.value());
    assertEquals("a'b", ((Statement.Reset) parser.parseStatement("RESET 'a''b'")).key());
    assertNull(((Statement.Reset) parser.parseStatement("RESET;")).key());
  }

  @Test
  void insertAndExplain() {
    Statement.Insert insert = (Statement.Insert) parser.parseStatement(
        "INSERT INTO db.alerts (id, score) SELECT id, score FROM t WHERE score > 0.5");
    assertEquals(List.of("db", "alerts"), insert.table());
    assertEquals(List.of("id", "score"), insert.columns());
    assertEquals("SELECT `id`, `score`\nFROM `t`\nWHERE `score` > 0.5", insert.query().toString());

    Statement.Explain explainInsert = (Statement.Explain) parser.parseStatement(
        "EXPLAIN PLAN FOR INSERT INTO alerts VALUES (1)");
    Statement.Insert target = assertInstanceOf(Statement.Insert.class, explainInsert.target());
    assertEquals(List.of(), target.columns());
    Statement.Explain explainQuery = (Statement.Explain) parser.parseStatement("EXPLAIN SELECT 1");
    assertInstanceOf(Statement.Query.class, explainQuery.target());
  }

  @Test
  void scriptsHoldEveryStatementInOrder() {
    List<Statement> statements = parser.parseScript("""
        -- a job
        CREATE TABLE src (a INT) WITH ('connector' = 'datagen');
        CREATE TABLE dst (a INT) WITH ('connector' = 'print');
        INSERT INTO dst SELECT a FROM src; /* done */
        """);
    assertEquals(3, statements.size());
    assertInstanceOf(Statement.CreateTable.class, statements.get(0));
    assertInstanceOf(Statement.Insert.class, statements.get(2));
  }

  @Test
  void rejectsASecondWatermark() {
    SqlSyntaxException error = assertThrows(SqlSyntaxException.class, () -> parser.parseStatement(
        "CREATE TABLE t (a TIMESTAMP(3), WATERMARK FOR a AS a, WATERMARK FOR a AS a)"));
    assertEquals("a table has at most one WATERMARK", error.shortMessage());
    assertEquals(55, error.column());
  }

  @Test
  void parsesAProcessingTimeComputedColumn() {
    Statement.CreateTable table = (Statement.CreateTable) parser.parseStatement(
        "CREATE TABLE t (id BIGINT, pt AS PROCTIME() COMMENT 'read at')");
    Statement.ColumnDefinition pt = table.columns().get(1);
    assertEquals("pt", pt.name());
    assertTrue(pt.procTime());
    assertFalse(table.columns().get(0).procTime());
    assertEquals(SqlTypeName.TIMESTAMP, typeName(pt.type()));
    assertFalse(pt.type().getNullable());
    assertEquals("read at", pt.comment());
  }

  @Test
  void rejectsComputedColumnsOtherThanProcTime() {
    SqlSyntaxException error = assertThrows(SqlSyntaxException.class, () -> parser.parseStatement(
        "CREATE TABLE t (id BIGINT, later AS NOW())"));
    assertEquals("a computed column can only be PROCTIME(), the processing-time attribute", error.shortMessage());
  }

  private static SqlTypeName typeName(SqlDataTypeSpec spec) {
    return SqlTypeName.valueOf(basicType(spec).getTypeName().getSimple());
  }

  private static SqlBasicTypeNameSpec basicType(SqlDataTypeSpec spec) {
    return assertInstanceOf(SqlBasicTypeNameSpec.class, spec.getTypeNameSpec());
  }

  private static Statement.Drop drop(ObjectKind kind, List<String> name, boolean ifExists) {
    return new Statement.Drop(kind, name, ifExists, null);
  }

  private static Statement withoutPosition(Statement statement) {
    Statement.Drop drop = (Statement.Drop) statement;
    return new Statement.Drop(drop.kind(), drop.name(), drop.ifExists(), null);
  }
}
