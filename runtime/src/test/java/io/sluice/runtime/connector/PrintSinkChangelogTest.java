package io.sluice.runtime.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.operator.Collector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The print sink over a changelog prints each row's kind as Flink does ({@code -U[...]}, {@code +U[...]}). */
class PrintSinkChangelogTest {
  @Test
  void printsTheRowKindOfChangelogRows() {
    Schema table = Schema.of(new Field("n", DataType.of(TypeKind.BIGINT)));
    Schema changelog = Schema.of(new Field("n", DataType.of(TypeKind.BIGINT)),
        new Field(RowKind.COLUMN, DataType.of(TypeKind.TINYINT).withNullable(false)));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (RootAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = ArrowTypes.createRoot(changelog, allocator);
        PrintStream stream = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      RowKind[] kinds = {RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER, RowKind.DELETE};
      for (int row = 0; row < kinds.length; row++) {
        ((BigIntVector) root.getVector(0)).setSafe(row, row);
        ((TinyIntVector) root.getVector(1)).setSafe(row, kinds[row].code());
      }
      root.setRowCount(kinds.length);
      new PrintConnector.PrintSink(table, "out> ", stream).processBatch(0, new Batch(root), new Collector() {
        @Override
        public void emit(Batch batch) {}

        @Override
        public void emitWatermark(long watermark) {}
      });
    }
    assertEquals("out> +I[0]\nout> -U[1]\nout> +U[2]\nout> -D[3]\n", text.toString(StandardCharsets.UTF_8));
  }
}
