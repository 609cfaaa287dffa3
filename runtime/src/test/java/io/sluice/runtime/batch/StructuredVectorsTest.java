package io.sluice.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.junit.jupiter.api.Test;

/** ROW and ARRAY columns as Arrow struct and list vectors: type mapping, copies, gathers, reuse and reading. */
class StructuredVectorsTest {
  private static final DataType ROW = DataType.row(List.of(
      new Field("a", DataType.of(TypeKind.INTEGER)), new Field("b", DataType.of(TypeKind.VARCHAR)),
      new Field("tags", DataType.array(DataType.of(TypeKind.VARCHAR)))));
  private static final DataType ARRAY = DataType.array(DataType.decimal(10, 2).withNullable(false));
  private static final Schema SCHEMA = Schema.of(new Field("r", ROW), new Field("l", ARRAY.withNullable(false)));

  private static final List<List<Object>> VALUES = List.of(
      Arrays.asList(Arrays.asList(1, "x", List.of("p", "q")), List.of(new java.math.BigDecimal("1.50"))),
      Arrays.asList(null, List.of()),
      Arrays.asList(Arrays.asList(null, "long text that needs its own buffer space", null),
          List.of(new java.math.BigDecimal("2.00"), new java.math.BigDecimal("-3.25"))),
      Arrays.asList(Arrays.asList(4, null, List.of()), List.of(new java.math.BigDecimal("0.01"))));

  private static void fill(VectorSchemaRoot root) {
    for (int r = 0; r < VALUES.size(); r++) {
      for (int c = 0; c < SCHEMA.size(); c++) {
        Vectors.setObject(root.getVector(c), r, VALUES.get(r).get(c), SCHEMA.type(c));
      }
    }
    root.setRowCount(VALUES.size());
  }

  private static List<String> text(VectorSchemaRoot root) {
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < root.getRowCount(); r++) {
      rows.add(ValueFormatter.format(root.getVector(0), r, ROW, "NULL") + " "
          + ValueFormatter.format(root.getVector(1), r, ARRAY, "NULL"));
    }
    return rows;
  }

  @Test
  void structuredTypesMapToStructAndListVectorsAndBack() {
    assertEquals(SCHEMA, ArrowTypes.toSchema(ArrowTypes.toArrowSchema(SCHEMA)));
    try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot root = ArrowTypes.createRoot(SCHEMA, allocator)) {
      StructVector struct = assertInstanceOf(StructVector.class, root.getVector(0));
      assertInstanceOf(ListVector.class, struct.getChildByOrdinal(2));
      assertInstanceOf(ListVector.class, root.getVector(1));
      assertEquals(SCHEMA, ArrowTypes.toSchema(root.getSchema()));
    }
  }

  @Test
  void valuesFormatAndReadAsMapsAndLists() {
    try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot root = ArrowTypes.createRoot(SCHEMA, allocator)) {
      fill(root);
      assertEquals(List.of("(1, x, [p, q]) [1.50]", "NULL []",
          "(NULL, long text that needs its own buffer space, NULL) [2.00, -3.25]", "(4, NULL, []) [0.01]"), text(root));
      Map<String, Object> first = new LinkedHashMap<>();
      first.put("a", 1);
      first.put("b", "x");
      first.put("tags", List.of("p", "q"));
      assertEquals(List.of(first, List.of(new java.math.BigDecimal("1.50"))), Rows.toLists(new Batch(root), SCHEMA).get(0));
    }
  }

  @Test
  void gathersCopiesAndNullsWorkOnNestedVectors() {
    try (RootAllocator allocator = new RootAllocator();
        VectorSchemaRoot source = ArrowTypes.createRoot(SCHEMA, allocator);
        VectorSchemaRoot target = ArrowTypes.createRoot(SCHEMA, allocator)) {
      fill(source);
      // Gather out of order with a NULL row (-1), as joins and exchanges do; then refill the same root.
      for (int round = 0; round < 2; round++) {
        Vectors.prepareForReuse(target);
        Vectors.gatherColumns(source, new int[] {2, -1, 0, 3}, 0, 4, target, 0);
        target.setRowCount(4);
        assertEquals(List.of("(NULL, long text that needs its own buffer space, NULL) [2.00, -3.25]", "NULL NULL",
            "(1, x, [p, q]) [1.50]", "(4, NULL, []) [0.01]"), text(target));
      }
      Vectors.prepareForReuse(target);
      for (int c = 0; c < SCHEMA.size(); c++) {
        Vectors.copyRange(source.getVector(c), 1, 3, target.getVector(c), 0);
      }
      Vectors.copyRow(source, 0, target, 3);
      target.setRowCount(4);
      assertEquals(List.of("NULL []", "(NULL, long text that needs its own buffer space, NULL) [2.00, -3.25]",
          "(4, NULL, []) [0.01]", "(1, x, [p, q]) [1.50]"), text(target));
    }
  }
}
