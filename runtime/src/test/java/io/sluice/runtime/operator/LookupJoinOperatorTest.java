package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.ScalarOp;
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
 * LookupJoinOperator: probes against a CSV dimension (every row of a key joins, a LEFT join
 * pads a row none of whose matches holds, only the planned columns are read), and the refresh
 * policy: a file changed mid-run is read again once the refresh interval has passed, and not before.
 */
class LookupJoinOperatorTest {
  private static final Schema LEFT = schema(field("id", TypeKind.BIGINT), field("amount", TypeKind.INTEGER));
  private static final Schema DIMENSION = schema(field("id", TypeKind.BIGINT), field("name", TypeKind.VARCHAR));
  private static final Schema SCORES = schema(field("id", TypeKind.BIGINT), field("name", TypeKind.VARCHAR),
      field("score", TypeKind.INTEGER));

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
  void anInnerJoinDropsRowsWithoutAMatchAndJoinsEveryRowOfAKey() throws IOException {
    Path file = folder.resolve("customers.csv");
    write(file, "id,name\n1,ann\n2,bob\n1,anna\n,nobody\n", 1_000);
    PlanNode.LookupJoin spec = join(file, JoinKind.INNER);
    try (LookupJoinOperator join = open(spec)) {
      feed(join, List.of(row(1L, 10), row(2L, 20), row(3L, 30), row(null, 40), row(1L, 11)),
          collector(spec.schema()));
      assertEquals(List.of(row(1L, 10, 1L, "ann"), row(1L, 10, 1L, "anna"), row(2L, 20, 2L, "bob"),
          row(1L, 11, 1L, "ann"), row(1L, 11, 1L, "anna")), output);
    }
  }

  @Test
  void aLeftJoinPadsARowOnceWhenNoneOfItsMatchesHolds() throws IOException {
    Path file = folder.resolve("scores.csv");
    write(file, "id,name,score\n1,ann,5\n1,anna,50\n1,annie,7\n2,bob,3\n2,bobby,4\n", 1_000);
    // score > 6: of key 1 two rows hold; of key 2 none, so its row is padded once.
    ExprSpec condition = new ExprSpec.Call(ScalarOp.GREATER_THAN, List.of(
        new ExprSpec.InputRef(4, DataType.of(TypeKind.INTEGER)),
        new ExprSpec.Literal(6, DataType.of(TypeKind.INTEGER))), DataType.of(TypeKind.BOOLEAN));
    PlanNode.LookupJoin spec = join(file, SCORES, List.of(0, 1, 2), JoinKind.LEFT, condition);
    try (LookupJoinOperator join = open(spec)) {
      feed(join, List.of(row(1L, 10), row(2L, 20), row(3L, 30)), collector(spec.schema()));
      assertEquals(List.of(row(1L, 10, 1L, "anna", 50), row(1L, 10, 1L, "annie", 7),
          row(2L, 20, null, null, null), row(3L, 30, null, null, null)), output);
    }
  }

  @Test
  void onlyTheColumnsTheJoinNeedsAreReadInTheirOrder() throws IOException {
    Path file = folder.resolve("scores.csv");
    write(file, "id,name,score\n1,ann,5\n2,bob,3\n", 1_000);
    // The plan reads score, then id (the key, at position 1 of the columns read).
    PlanNode.LookupJoin spec = join(file, SCORES, List.of(2, 0), JoinKind.INNER, null);
    assertEquals(List.of(1), spec.rightKeys());
    try (LookupJoinOperator join = open(spec)) {
      feed(join, List.of(row(2L, 20), row(1L, 10)), collector(spec.schema()));
      assertEquals(List.of(row(2L, 20, 3, 2L), row(1L, 10, 5, 1L)), output);
    }
  }

  @Test
  void aKeyWithMoreRowsThanAnOutputBatchJoinsThemAllInFileOrder() throws IOException {
    Path file = folder.resolve("scores.csv");
    int rows = CandidateOutput.BATCH_ROWS * 2 + 100;
    StringBuilder content = new StringBuilder("id,name,score\n");
    for (int r = 0; r < rows; r++) {
      content.append("1,n").append(r).append(',').append(r).append('\n');
    }
    write(file, content.toString(), 1_000);
    PlanNode.LookupJoin inner = join(file, SCORES, List.of(0, 2), JoinKind.INNER, null);
    try (LookupJoinOperator join = open(inner)) {
      feed(join, List.of(row(1L, 10), row(2L, 20)), collector(inner.schema()));
    }
    assertEquals(rows, output.size());
    for (int r = 0; r < rows; r++) {
      assertEquals(row(1L, 10, 1L, r), output.get(r));
    }
    output.clear();
    // No row passes score < 0: the left row spanning several checked chunks is padded once.
    ExprSpec never = new ExprSpec.Call(ScalarOp.LESS_THAN, List.of(
        new ExprSpec.InputRef(3, DataType.of(TypeKind.INTEGER)),
        new ExprSpec.Literal(0, DataType.of(TypeKind.INTEGER))), DataType.of(TypeKind.BOOLEAN));
    PlanNode.LookupJoin left = join(file, SCORES, List.of(0, 2), JoinKind.LEFT, never);
    try (LookupJoinOperator join = open(left)) {
      feed(join, List.of(row(1L, 10), row(2L, 20)), collector(left.schema()));
    }
    assertEquals(List.of(row(1L, 10, null, null), row(2L, 20, null, null)), output);
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
    return join(file, DIMENSION, List.of(0, 1), kind, null);
  }

  /** A join with the {@code columns} of a CSV table of {@code dimension} on its column 0 (at position 0 or 1). */
  private static PlanNode.LookupJoin join(Path file, Schema dimension, List<Integer> columns, JoinKind kind,
      ExprSpec residual) {
    TableSpec table = new TableSpec("customers", dimension, Map.of("connector", "file", "format", "csv",
        "csv.header", "true", "path", file.toString(), "lookup.refresh-interval", "1 s"), null, List.of());
    List<Field> fields = new ArrayList<>(LEFT.fields());
    for (int column : columns) {
      Field field = dimension.field(column);
      fields.add(new Field(field.name(), field.type().withNullable(true)));
    }
    return new PlanNode.LookupJoin(new PlanNode.Values(LEFT, List.of()), table, columns, kind, List.of(0),
        List.of(columns.indexOf(0)), residual, new Schema(fields));
  }

  private void feed(LookupJoinOperator operator, List<List<Object>> rows, Collector out) {
    TestTables.feed(operator, 0, LEFT, rows, allocator, out);
  }

  private Collector collector(Schema schema) {
    return TestTables.collector(schema, output, null);
  }
}
