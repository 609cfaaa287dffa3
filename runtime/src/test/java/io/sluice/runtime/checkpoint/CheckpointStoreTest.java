package io.sluice.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files: round trip, fallback past damaged checkpoints, refusal of another query's checkpoint. */
class CheckpointStoreTest {
  @TempDir
  Path dir;

  @Test
  void restoresTheNewestCompleteCheckpoint() {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      assertNull(store.latest());
      store.writeAsync(1, Map.of("op", new byte[] {1}));
      store.writeAsync(2, Map.of("op", new byte[] {2, 2}));
    }
    CheckpointStore.Restored restored = new CheckpointStore(dir, "plan-a").latest();
    assertEquals(2, restored.id());
    assertArrayEquals(new byte[] {2, 2}, restored.entries().get("op"));
  }

  @Test
  void skipsTruncatedAndManifestlessCheckpoints() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      store.writeAsync(1, Map.of("op", new byte[] {1}));
      store.writeAsync(2, Map.of("op", new byte[100]));
    }
    Path second = dir.resolve("chk-0000000002").resolve("state.bin");
    Files.write(second, java.util.Arrays.copyOf(Files.readAllBytes(second), 20));
    // A crash before the manifest was renamed into place leaves a directory without one.
    Files.createDirectories(dir.resolve("chk-0000000003"));
    Files.write(dir.resolve("chk-0000000003").resolve("state.bin"), new byte[] {9});
    CheckpointStore.Restored restored = new CheckpointStore(dir, "plan-a").latest();
    assertEquals(1, restored.id());
  }

  @Test
  void detectsAFlippedByteByChecksum() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      store.writeAsync(1, Map.of("op", new byte[] {1}));
      store.writeAsync(2, Map.of("op", new byte[] {5, 6, 7}));
    }
    Path state = dir.resolve("chk-0000000002").resolve("state.bin");
    byte[] bytes = Files.readAllBytes(state);
    bytes[bytes.length - 1] ^= 1;
    Files.write(state, bytes);
    assertEquals(1, new CheckpointStore(dir, "plan-a").latest().id());
  }

  @Test
  void refusesACheckpointOfAnotherQuery() {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      store.writeAsync(1, Map.of("op", new byte[] {1}));
    }
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> new CheckpointStore(dir, "plan-b").latest());
    assertTrue(error.getMessage().contains("different query"), error.getMessage());
  }

  @Test
  void keepsOnlyTheNewestThree() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      for (long id = 1; id <= 5; id++) {
        store.writeAsync(id, Map.of("op", new byte[] {(byte) id}));
      }
    }
    try (var entries = Files.list(dir)) {
      assertEquals(3, entries.count());
    }
  }

  @Test
  void arrowRootsRoundTripThroughState() {
    Schema schema = new Schema(java.util.List.of(new Field("k", new DataType(TypeKind.BIGINT, 0, 0, true)),
        new Field("name", new DataType(TypeKind.VARCHAR, 0, 0, true))));
    try (RootAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = ArrowTypes.createRoot(schema, allocator)) {
      BigIntVector keys = (BigIntVector) root.getVector(0);
      VarCharVector names = (VarCharVector) root.getVector(1);
      for (int i = 0; i < 3; i++) {
        keys.setSafe(i, i * 10L);
        names.setSafe(i, ("n" + i).getBytes());
      }
      names.setNull(1);
      root.setRowCount(3);
      StateWriter writer = new StateWriter();
      writer.writeLong(7);
      writer.writeRoot(root, 3);
      writer.writeLongs(new long[] {4, 5, 6}, 2);
      StateReader reader = new StateReader(writer.toByteArray());
      assertEquals(7, reader.readLong());
      try (VectorSchemaRoot copy = reader.readRoot(allocator)) {
        assertEquals(3, copy.getRowCount());
        assertEquals(20L, ((BigIntVector) copy.getVector(0)).get(2));
        assertTrue(copy.getVector(1).isNull(1));
        assertEquals("n2", copy.getVector(1).getObject(2).toString());
      }
      long[] longs = reader.readLongs(0);
      assertArrayEquals(new long[] {4, 5}, longs);
    }
  }
}
