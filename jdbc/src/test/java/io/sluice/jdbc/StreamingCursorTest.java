package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * The hand-over from a job's batches to JDBC rows: changelog results gain a leading
 * {@code op} column, and batches are split into chunks of the fetch size.
 */
class StreamingCursorTest {
  private static final Schema CHANGELOG = Schema.of(
      new Field("word", DataType.of(TypeKind.VARCHAR)),
      new Field("n", DataType.of(TypeKind.BIGINT).withNullable(false)),
      new Field(RowKind.COLUMN, DataType.of(TypeKind.TINYINT).withNullable(false)));

  @Test
  void changelogRowsCarryTheirKindAsALeadingOpColumn() throws SQLException {
    StreamingCursor cursor = new StreamingCursor(CHANGELOG, 0, 0, 0);
    assertEquals(List.of("op", "word", "n"), cursor.clientSchema().names());
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = ArrowTypes.createRoot(CHANGELOG, allocator)) {
      Object[][] rows = {{"a", 1L, RowKind.INSERT}, {"a", 1L, RowKind.UPDATE_BEFORE}, {"a", 2L, RowKind.UPDATE_AFTER},
          {"a", 2L, RowKind.DELETE}};
      root.allocateNew();
      for (int i = 0; i < rows.length; i++) {
        Vectors.setObject(root.getVector(0), i, rows[i][0], CHANGELOG.type(0));
        Vectors.setLong(root.getVector(1), i, (Long) rows[i][1]);
        Vectors.setLong(root.getVector(2), i, ((RowKind) rows[i][2]).code());
      }
      root.setRowCount(rows.length);
      cursor.accept(new Batch(root));
    }
    cursor.end();
    SluiceResultSet rs = new SluiceResultSet(null, cursor.clientSchema(), new RowCursor() {
      @Override
      public Object[] next() throws SQLException {
        return cursor.next();
      }

      @Override
      public void close() {}
    });
    ResultSetMetaData meta = rs.getMetaData();
    assertEquals(3, meta.getColumnCount());
    assertEquals("op", meta.getColumnName(1));
    assertEquals(Types.VARCHAR, meta.getColumnType(1));
    assertEquals(ResultSetMetaData.columnNoNulls, meta.isNullable(1));
    StringBuilder seen = new StringBuilder();
    while (rs.next()) {
      seen.append(rs.getString("op")).append(' ').append(rs.getString(2)).append(' ').append(rs.getLong(3)).append('\n');
    }
    assertEquals("+I a 1\n-U a 1\n+U a 2\n-D a 2\n", seen.toString());
  }

  @Test
  void anAppendOnlyResultKeepsItsColumns() {
    Schema plain = Schema.of(new Field("x", DataType.of(TypeKind.INTEGER)));
    assertEquals(plain, new StreamingCursor(plain, 0, 0, 0).clientSchema());
  }

  @Test
  void batchesAreHandedOverInChunksOfTheFetchSize() throws SQLException {
    Schema schema = Schema.of(new Field("x", DataType.of(TypeKind.BIGINT).withNullable(false)));
    StreamingCursor cursor = new StreamingCursor(schema, 0, 0, 3);
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = ArrowTypes.createRoot(schema, allocator)) {
      root.allocateNew();
      for (int i = 0; i < 7; i++) {
        Vectors.setLong(root.getVector(0), i, i);
      }
      root.setRowCount(7);
      cursor.accept(new Batch(root));
    }
    assertEquals(List.of(3, 3, 1), cursor.pendingChunkSizes());
    for (long i = 0; i < 7; i++) {
      assertArrayEquals(new Object[] {i}, cursor.next());
    }
    cursor.end();
    assertNull(cursor.next());
  }
}
