package io.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.parser.Statement;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlRowTypeNameSpec;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ROW and ARRAY columns from DDL to plan types, and field, element and CARDINALITY access in plans. */
class StructuredTypesPlanningTest {
  private static final SqlParserPos POS = SqlParserPos.ZERO;
  private final Catalog catalog = new Catalog();
  private final SluicePlanner planner = new SluicePlanner(catalog, SluicePlannerTest::parse);
  private TableSpec table;

  private static SqlDataTypeSpec type(SqlTypeName name) {
    return new SqlDataTypeSpec(new SqlBasicTypeNameSpec(name, POS), POS);
  }

  @BeforeEach
  void createTable() {
    SqlRowTypeNameSpec row = new SqlRowTypeNameSpec(POS,
        List.of(new SqlIdentifier("a", POS), new SqlIdentifier("b", POS)),
        List.of(type(SqlTypeName.INTEGER), type(SqlTypeName.VARCHAR)));
    SqlDataTypeSpec array = new SqlDataTypeSpec(
        new SqlCollectionTypeNameSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, POS), SqlTypeName.ARRAY, POS), POS);
    Statement.CreateTable ddl = new Statement.CreateTable(List.of("t"), false, List.of(
        new Statement.ColumnDefinition("id", type(SqlTypeName.BIGINT), null, POS),
        new Statement.ColumnDefinition("r", new SqlDataTypeSpec(row, POS), null, POS),
        new Statement.ColumnDefinition("arr", array, null, POS)),
        null, List.of(), Map.of("connector", "file", "path", "x.json", "format", "json"), POS);
    table = planner.createTable(ddl);
    catalog.putTable(table);
  }

  @Test
  void ddlTypesBecomeRowAndArrayDataTypes() {
    DataType row = table.schema().type(1);
    assertEquals(TypeKind.ROW, row.kind());
    assertEquals(List.of("a", "b"), row.fields().stream().map(Field::name).toList());
    assertEquals(TypeKind.INTEGER, row.fields().get(0).type().kind());
    DataType array = table.schema().type(2);
    assertEquals(TypeKind.ARRAY, array.kind());
    assertEquals(TypeKind.BIGINT, array.elementType().kind());
    assertEquals("ARRAY<BIGINT>", array.withNullable(true).sql());
  }

  @Test
  void accessesLowerToFieldElementAndCardinalityCalls() {
    String explain = planner.planQuery(SluicePlannerTest.parse(
        "SELECT t.r.b, arr[2], CARDINALITY(arr), r, arr FROM t WHERE t.r.a > 1")).explain();
    // The scan reads only r and arr ($0 and $1) and filters on the nested field itself.
    assertTrue(explain.contains("Calc(b=[FIELD($0, 1)], EXPR$1=[ELEMENT($1, 2)], EXPR$2=[CARDINALITY($1)], r=[$0], "
        + "arr=[$1]"), explain);
    assertTrue(explain.contains("filter=[GREATER_THAN(FIELD($0, 0), 1)]"), explain);
  }

  @Test
  void wholeStructuredValuesAreRefusedAsKeys() {
    PlanningException group = assertThrows(PlanningException.class,
        () -> planner.planQuery(SluicePlannerTest.parse("SELECT r, COUNT(*) FROM t GROUP BY r")));
    assertTrue(group.getMessage().startsWith("Column 'r' of type ROW<a INTEGER"), group.getMessage());
    assertTrue(group.getMessage().contains("cannot be a GROUP BY key"), group.getMessage());
    PlanningException sort = assertThrows(PlanningException.class,
        () -> planner.planQuery(SluicePlannerTest.parse("SELECT * FROM t ORDER BY arr")));
    assertTrue(sort.getMessage().contains("'arr' of type ARRAY<BIGINT"), sort.getMessage());
    assertTrue(sort.getMessage().contains("cannot be an ORDER BY key"), sort.getMessage());
  }
}
