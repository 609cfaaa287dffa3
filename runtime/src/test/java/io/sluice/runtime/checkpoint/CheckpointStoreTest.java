package io.sluice.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Checkpoint files: round trip, fallback past damaged checkpoints, refusal of another query's
 * checkpoint, and shared blobs (written once, shared, deleted when unreferenced, verified).
 */
class CheckpointStoreTest {
  private static final Schema KEY_AND_NAME = new Schema(java.util.List.of(
      new Field("k", new DataType(TypeKind.BIGINT, 0, 0, true)), new Field("name", new DataType(TypeKind.VARCHAR, 0, 0, true))));

  @TempDir
  Path dir;

  @Test
  void restoresTheNewestCompleteCheckpoint() {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      assertNull(store.latest());
      store.writeAsync(1, Map.of("op", StateBytes.of(new byte[] {1})));
      store.writeAsync(2, Map.of("op", StateBytes.of(new byte[] {2, 2})));
    }
    CheckpointStore.Restored restored = new CheckpointStore(dir, "plan-a").latest();
    assertEquals(2, restored.id());
    assertArrayEquals(new byte[] {2, 2}, restored.entries().get("op"));
  }

  @Test
  void skipsTruncatedAndManifestlessCheckpoints() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      store.writeAsync(1, Map.of("op", StateBytes.of(new byte[] {1})));
      store.writeAsync(2, Map.of("op", StateBytes.of(new byte[100])));
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
      store.writeAsync(1, Map.of("op", StateBytes.of(new byte[] {1})));
      store.writeAsync(2, Map.of("op", StateBytes.of(new byte[] {5, 6, 7})));
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
      store.writeAsync(1, Map.of("op", StateBytes.of(new byte[] {1})));
    }
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> new CheckpointStore(dir, "plan-b").latest());
    assertTrue(error.getMessage().contains("different query"), error.getMessage());
  }

  @Test
  void keepsOnlyTheNewestThree() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      for (long id = 1; id <= 5; id++) {
        store.writeAsync(id, Map.of("op", StateBytes.of(new byte[] {(byte) id})));
      }
    }
    try (var entries = Files.list(dir)) {
      assertEquals(3, entries.count());
    }
  }

  @Test
  void arrowRootsRoundTripThroughState() {
    try (RootAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = ArrowTypes.createRoot(KEY_AND_NAME, allocator)) {
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

  @Test
  void sharedRowsAreSerializedWhenWrittenAsTheyWereAtTheSnapshot() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      VectorSchemaRoot root = ArrowTypes.createRoot(KEY_AND_NAME, allocator);
      BigIntVector keys = (BigIntVector) root.getVector(0);
      VarCharVector names = (VarCharVector) root.getVector(1);
      for (int i = 0; i < 13; i++) {
        keys.setSafe(i, i);
        names.setSafe(i, ("row-" + i).getBytes());
      }
      names.setNull(9);
      root.setRowCount(13);
      StateWriter blob = new StateWriter();
      blob.writeInt(8);
      blob.writeSharedRows(root, 8, 5);
      blob.writeLong(99);
      long size = blob.size();
      // The owner goes on: appends (the next row's validity bit shares a byte with the snapshot's),
      // grows its vectors far beyond their first buffers, then closes them.
      for (int i = 13; i < 100_000; i++) {
        keys.setSafe(i, -i);
        names.setSafe(i, ("later-" + i).getBytes());
      }
      root.setRowCount(100_000);
      root.close();
      java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
      blob.writeTo(java.nio.channels.Channels.newChannel(written));
      assertEquals(0, allocator.getAllocatedMemory(), "writing released the shared buffers");
      assertEquals(size, written.size());
      StateReader reader = new StateReader(written.toByteArray());
      assertEquals(8, reader.readInt());
      try (VectorSchemaRoot rows = reader.readRoot(allocator)) {
        assertEquals(5, rows.getRowCount());
        assertEquals(java.util.List.of(8L, 9L, 10L, 11L, 12L), java.util.stream.IntStream.range(0, 5)
            .mapToObj(i -> ((BigIntVector) rows.getVector(0)).get(i)).toList());
        assertEquals("row-8", rows.getVector(1).getObject(0).toString());
        assertTrue(rows.getVector(1).isNull(1));
        assertEquals("row-12", rows.getVector(1).getObject(4).toString());
      }
      assertEquals(99, reader.readLong());
      assertThrows(IllegalStateException.class, () -> blob.writeTo(java.nio.channels.Channels.newChannel(written)),
          "shared rows are written once");
    }
  }

  @Test
  void discardingASnapshotReleasesItsSharedRows() {
    try (RootAllocator allocator = new RootAllocator()) {
      try (VectorSchemaRoot root = ArrowTypes.createRoot(KEY_AND_NAME, allocator)) {
        ((BigIntVector) root.getVector(0)).setSafe(0, 1);
        root.setRowCount(1);
        StateWriter blob = new StateWriter();
        blob.writeSharedRows(root, 0, 1);
        blob.discard();
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void blobsOfAnySizeRoundTripExactly() throws Exception {
    // Files are written in whole blocks around the page cache, then cut to their length.
    byte[] small = new byte[5000];
    byte[] large = new byte[(1 << 20) + 4096 * 3 + 7];
    new java.util.Random(1).nextBytes(small);
    new java.util.Random(2).nextBytes(large);
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      Map<String, StateBytes> entries = checkpoint((byte) 1, BLOB_A, StateBytes.of(small));
      entries.put(BLOB_B, StateBytes.of(large));
      store.writeAsync(1, entries);
    }
    assertEquals(small.length, Files.size(dir.resolve("shared").resolve("a")));
    assertEquals(large.length, Files.size(dir.resolve("shared").resolve("b")));
    CheckpointStore.Restored restored = new CheckpointStore(dir, "plan-a").latest();
    assertArrayEquals(small, bytes(restored.blobs().get(BLOB_A)));
    assertArrayEquals(large, bytes(restored.blobs().get(BLOB_B)));
    assertArrayEquals(new byte[] {1}, restored.entries().get("op"));
  }

  @Test
  void aRootInARestoredBlobIsReadInPlaceFromTheMappedFile() {
    try (RootAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = ArrowTypes.createRoot(KEY_AND_NAME, allocator)) {
      BigIntVector keys = (BigIntVector) root.getVector(0);
      VarCharVector names = (VarCharVector) root.getVector(1);
      for (int i = 0; i < 1000; i++) {
        keys.setSafe(i, i * 10L);
        if (i % 7 == 3) {
          names.setNull(i);
        } else {
          names.setSafe(i, ("name-" + i).getBytes());
        }
      }
      root.setRowCount(1000);
      StateWriter blob = new StateWriter();
      blob.writeInt(42);
      blob.writeRoot(root, 1000);
      blob.writeLongs(new long[] {4, 5}, 2);
      StateWriter op = new StateWriter();
      String id = op.addBlob(blob);
      op.writeBlobReference(id);
      Map<String, StateBytes> entries = new java.util.LinkedHashMap<>(Map.of("op", op));
      entries.putAll(op.blobEntries());
      try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
        store.writeAsync(1, entries);
      }
      CheckpointStore.Restored restored = new CheckpointStore(dir, "plan-a").latest();
      StateReader state = new StateReader(java.nio.ByteBuffer.wrap(restored.entries().get("op")), restored.blobs());
      java.nio.ByteBuffer mapped = restored.blobs().get(StateWriter.BLOB_PREFIX + id);
      assertTrue(mapped.isDirect(), "the blob is mapped from its file");
      StateReader reader = state.blob(state.readBlobReference());
      assertEquals(42, reader.readInt());
      try (VectorSchemaRoot read = reader.readRootToCopy(allocator)) {
        assertEquals(1000, read.getRowCount());
        for (int i = 0; i < 1000; i++) {
          assertEquals(i * 10L, ((BigIntVector) read.getVector(0)).get(i));
          Object name = read.getVector(1).getObject(i);
          assertEquals(i % 7 == 3 ? null : "name-" + i, name == null ? null : name.toString());
        }
        // In place: the values are the mapped file's bytes, not a copy.
        long start = org.apache.arrow.memory.util.MemoryUtil.getByteBufferAddress(mapped);
        for (int c = 0; c < 2; c++) {
          long address = read.getVector(c).getDataBuffer().memoryAddress();
          assertTrue(address >= start && address < start + mapped.capacity(), "column " + c + " is not in the file");
        }
      }
      assertArrayEquals(new long[] {4, 5}, reader.readLongs(0));
    }
  }

  private static final String BLOB_A = StateWriter.BLOB_PREFIX + "a";
  private static final String BLOB_B = StateWriter.BLOB_PREFIX + "b";

  private static Map<String, StateBytes> checkpoint(byte op, String blob, StateBytes content) {
    Map<String, StateBytes> entries = new java.util.LinkedHashMap<>();
    entries.put("op", StateBytes.of(new byte[] {op}));
    entries.put(blob, content);
    return entries;
  }

  @Test
  void writesABlobOnceAndLaterCheckpointsShareIt() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      store.writeAsync(1, checkpoint((byte) 1, BLOB_A, StateBytes.of(new byte[] {7, 7, 7})));
      store.awaitWrites();
      Path blob = dir.resolve("shared").resolve("a");
      java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(blob);
      Thread.sleep(20);
      store.writeAsync(2, checkpoint((byte) 2, BLOB_A, StateWriter.EARLIER_BLOB));
      store.awaitWrites();
      assertEquals(written, Files.getLastModifiedTime(blob), "the second checkpoint does not write the blob again");
      String manifest = Files.readString(dir.resolve("chk-0000000002").resolve("_manifest.yaml"));
      assertTrue(manifest.contains("blob-a: 3 "), manifest);
      assertTrue(manifest.contains("new-blob-bytes: 0"), manifest);
    }
    CheckpointStore.Restored restored = new CheckpointStore(dir, "plan-a").latest();
    assertEquals(2, restored.id());
    assertArrayEquals(new byte[] {7, 7, 7}, bytes(restored.blobs().get(BLOB_A)));
    assertArrayEquals(new byte[] {2}, restored.entries().get("op"));
  }

  @Test
  void deletesABlobOnceNoRetainedCheckpointRefersToIt() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      store.writeAsync(1, checkpoint((byte) 1, BLOB_A, StateBytes.of(new byte[] {1})));
      Map<String, StateBytes> second = checkpoint((byte) 2, BLOB_A, StateWriter.EARLIER_BLOB);
      second.put(BLOB_B, StateBytes.of(new byte[] {2}));
      store.writeAsync(2, second);
      for (long id = 3; id <= 4; id++) {
        store.writeAsync(id, checkpoint((byte) id, BLOB_B, StateWriter.EARLIER_BLOB));
      }
      store.awaitWrites();
      assertTrue(Files.exists(dir.resolve("shared").resolve("a")), "checkpoint 2 still refers to blob a");
      store.writeAsync(5, checkpoint((byte) 5, BLOB_B, StateWriter.EARLIER_BLOB));
      store.awaitWrites();
      assertFalse(Files.exists(dir.resolve("shared").resolve("a")), "checkpoints 3 to 5 do not refer to blob a");
      assertTrue(Files.exists(dir.resolve("shared").resolve("b")));
      // A deleted blob can no longer be referred to: the write fails, and so does every later one.
      store.writeAsync(6, checkpoint((byte) 6, BLOB_A, StateWriter.EARLIER_BLOB));
      IllegalStateException error = assertThrows(IllegalStateException.class, store::awaitWrites);
      assertTrue(error.getMessage().contains("no durable checkpoint holds"), error.getMessage());
      assertThrows(IllegalStateException.class, () -> store.writeAsync(7, Map.of("op", StateBytes.of(new byte[] {7}))));
    }
    assertEquals(5, new CheckpointStore(dir, "plan-a").latest().id());
  }

  @Test
  void aCorruptOrMissingBlobMakesItsCheckpointsIncomplete() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      store.writeAsync(1, checkpoint((byte) 1, BLOB_A, StateBytes.of(new byte[] {1, 2, 3})));
      Map<String, StateBytes> second = checkpoint((byte) 2, BLOB_A, StateWriter.EARLIER_BLOB);
      second.put(BLOB_B, StateBytes.of(new byte[] {4, 5, 6}));
      store.writeAsync(2, second);
    }
    Path b = dir.resolve("shared").resolve("b");
    Files.write(b, new byte[] {4, 5, 7});
    CheckpointStore.Restored restored = new CheckpointStore(dir, "plan-a").latest();
    assertEquals(1, restored.id(), "checkpoint 2's blob b fails its checksum");
    assertArrayEquals(new byte[] {1, 2, 3}, bytes(restored.blobs().get(BLOB_A)));
    Files.write(b, new byte[] {4, 5});
    assertEquals(1, new CheckpointStore(dir, "plan-a").latest().id(), "blob b is truncated");
    Files.delete(dir.resolve("shared").resolve("a"));
    assertNull(new CheckpointStore(dir, "plan-a").latest(), "both checkpoints refer to the missing blob a");
  }

  @Test
  void refusesACheckpointOfAnotherFormatVersion() throws Exception {
    try (CheckpointStore store = new CheckpointStore(dir, "plan-a")) {
      store.writeAsync(1, Map.of("op", StateBytes.of(new byte[] {1})));
    }
    Path manifest = dir.resolve("chk-0000000001").resolve("_manifest.yaml");
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.replace("version: " + CheckpointStore.VERSION, "version: 1"));
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> new CheckpointStore(dir, "plan-a").latest());
    assertTrue(error.getMessage().contains("format version 1"), error.getMessage());
  }

  /** The content of a blob as restored (mapped from its file). */
  private static byte[] bytes(java.nio.ByteBuffer blob) {
    byte[] bytes = new byte[blob.remaining()];
    blob.duplicate().get(bytes);
    return bytes;
  }
}
