package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.connector.Connectors;
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LookupJoinOperator: probes against a CSV dimension, and the refresh policy: a file changed
 * mid-run is read again once the refresh interval has passed, and not before.
 */
class LookupJoinOperatorTest {
  private static final Schema LEFT = schema(field("id", TypeKind.BIGINT), field("amount", TypeKind.INTEGER));
  private static final Schema DIMENSION = schema(field("id", TypeKind.BIGINT), field("name", TypeKind.VARCHAR));

  @TempDir
  Path folder;

  private final BufferAllocator allocator = new RootAllocator();
  private final List<List<Object>> output = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong(1_000_000);

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void aChangedFileIsReadAgainOnceTheRefreshIntervalHasPassed() throws IOException {
    Path file = folder.resolve("customers.csv");
    write(file, "id,name\n1,ann\n2,bob\n", 1_000);
    PlanNode.LookupJoin spec = join(file, JoinKind.LEFT);
    try (LookupJoinOperator join = open(spec)) {
      Collector out = collector(spec.schema());
      feed(join, List.of(row(1L, 10), row(2L, 20), row(3L, 30), row(null, 40)), out);
      assertEquals(List.of(row(1L, 10, 1L, "ann"), row(2L, 20, 2L, "bob"), row(3L, 30, null, null),
          row(null, 40, null, null)), output);
      output.clear();

      // Bob is renamed and customer 3 appears; the file is replaced as a writer would, atomically.
      write(file, "id,name\n1,ann\n2,robert\n3,cy\n", 2_000);
      clock.addAndGet(500);
      feed(join, List.of(row(2L, 21), row(3L, 31)), out);
      assertEquals(List.of(row(2L, 21, 2L, "bob"), row(3L, 31, null, null)), output,
          "within the refresh interval the cached content serves");
      assertEquals(1, join.loads());
      output.clear();

      clock.addAndGet(600);
      feed(join, List.of(row(2L, 22), row(3L, 32)), out);
      assertEquals(List.of(row(2L, 22, 2L, "robert"), row(3L, 32, 3L, "cy")), output);
      assertEquals(2, join.loads());

      // Checking an unchanged file does not read it again.
      clock.addAndGet(5_000);
      feed(join, List.of(row(1L, 11)), out);
      assertEquals(2, join.loads());
    }
  }

  @Test
  void anInnerJoinDropsRowsWithoutAMatchAndTheLastRowOfAKeyWins() throws IOException {
    Path file = folder.resolve("customers.csv");
    write(file, "id,name\n1,ann\n1,anna\n,nobody\n", 1_000);
    PlanNode.LookupJoin spec = join(file, JoinKind.INNER);
    try (LookupJoinOperator join = open(spec)) {
      feed(join, List.of(row(1L, 10), row(2L, 20), row(null, 30)), collector(spec.schema()));
      assertEquals(List.of(row(1L, 10, 1L, "anna")), output);
    }
  }

  private static void write(Path file, String content, long modifiedMillis) throws IOException {
    Path temporary = file.resolveSibling(".writing");
    Files.writeString(temporary, content);
    Files.setLastModifiedTime(temporary, FileTime.fromMillis(modifiedMillis));
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private LookupJoinOperator open(PlanNode.LookupJoin spec) {
    LookupJoinOperator operator = new LookupJoinOperator(spec, CalcProvider.COMPILER, Connectors.builtIn(),
        clock::get);
    operator.open(new OperatorContext("lookup", allocator, new JobMetrics(), Map.of()));
    return operator;
  }

  private static PlanNode.LookupJoin join(Path file, JoinKind kind) {
    TableSpec table = new TableSpec("customers", DIMENSION, Map.of("connector", "file", "format", "csv",
        "csv.header", "true", "path", file.toString(), "lookup.refresh-interval", "1 s"), null, List.of());
    List<Field> fields = new ArrayList<>(LEFT.fields());
    for (Field field : DIMENSION.fields()) {
      fields.add(new Field(field.name(), field.type().withNullable(true)));
    }
    return new PlanNode.LookupJoin(new PlanNode.Values(LEFT, List.of()), table, kind, List.of(0), List.of(0), null,
        new Schema(fields));
  }

  private void feed(LookupJoinOperator operator, List<List<Object>> rows, Collector out) {
    TestTables.feed(operator, 0, LEFT, rows, allocator, out);
  }

  private Collector collector(Schema schema) {
    return TestTables.collector(schema, output, null);
  }
}
