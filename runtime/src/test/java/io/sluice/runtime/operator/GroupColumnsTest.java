package io.sluice.runtime.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateKind;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.Test;

/**
 * Tests of the per-group column holder the accumulators share: growth keeps every column's values
 * and length in step, clear resets one group, a snapshot restores into a fresh holder and is the
 * same bytes the accumulators wrote block by block before the holder existed.
 */
class GroupColumnsTest {
  private static final int LONGS = 0;
  private static final int DOUBLES = 1;
  private static final int INTS = 2;
  private static final int FLAGS = 3;
  private static final int BYTES = 4;
  private static final int OBJECTS = 5;

  private static GroupColumns allKinds() {
    return new GroupColumns().withLongs().withDoubles().withInts().withFlags().withByteArrays()
        .withObjects(String.class);
  }

  /** Gives group {@code g} values derived from {@code g} in every column. */
  private static void fill(GroupColumns columns, int groups) {
    for (int g = 0; g < groups; g++) {
      columns.longs(LONGS)[g] = 1000L * g;
      columns.doubles(DOUBLES)[g] = g / 4.0;
      columns.ints(INTS)[g] = -g;
      columns.flags(FLAGS)[g] = g % 3 == 0;
      columns.byteArrays(BYTES)[g] = g % 5 == 0 ? null : new byte[] {(byte) g, 7};
      columns.<String>objects(OBJECTS)[g] = "group " + g;
    }
  }

  private static void assertFilled(GroupColumns columns, int groups, boolean withObjects) {
    for (int g = 0; g < groups; g++) {
      assertEquals(1000L * g, columns.longs(LONGS)[g]);
      assertEquals(g / 4.0, columns.doubles(DOUBLES)[g]);
      assertEquals(-g, columns.ints(INTS)[g]);
      assertEquals(g % 3 == 0, columns.flags(FLAGS)[g]);
      assertArrayEquals(g % 5 == 0 ? null : new byte[] {(byte) g, 7}, columns.byteArrays(BYTES)[g]);
      assertEquals(withObjects ? "group " + g : null, columns.<String>objects(OBJECTS)[g]);
    }
  }

  private static void assertLengths(GroupColumns columns, int length) {
    assertEquals(length, columns.longs(LONGS).length);
    assertEquals(length, columns.doubles(DOUBLES).length);
    assertEquals(length, columns.ints(INTS).length);
    assertEquals(length, columns.flags(FLAGS).length);
    assertEquals(length, columns.byteArrays(BYTES).length);
    assertEquals(length, columns.<String>objects(OBJECTS).length);
  }

  @Test
  void growthKeepsValuesAndEveryColumnTheSameLength() {
    GroupColumns columns = allKinds();
    assertEquals(GroupColumns.INITIAL_CAPACITY, columns.capacity());
    assertLengths(columns, GroupColumns.INITIAL_CAPACITY);
    fill(columns, GroupColumns.INITIAL_CAPACITY);
    long[] before = columns.longs(LONGS);

    columns.ensure(GroupColumns.INITIAL_CAPACITY);
    assertEquals(GroupColumns.INITIAL_CAPACITY, columns.capacity(), "no growth while the groups fit");

    columns.ensure(GroupColumns.INITIAL_CAPACITY + 1);
    assertEquals(2 * GroupColumns.INITIAL_CAPACITY, columns.capacity(), "growth at least doubles");
    assertLengths(columns, columns.capacity());
    assertNotSame(before, columns.longs(LONGS), "growth replaces the arrays: callers re-fetch");
    assertFilled(columns, GroupColumns.INITIAL_CAPACITY, true);
    assertTrue(columns.<String>objects(OBJECTS) instanceof String[], "object columns keep their element type");

    columns.ensure(1000);
    assertEquals(1000, columns.capacity(), "a jump past double goes straight to the groups asked for");
    assertLengths(columns, 1000);
    assertFilled(columns, GroupColumns.INITIAL_CAPACITY, true);
    assertEquals(0, columns.longs(LONGS)[999]);
    assertFalse(columns.flags(FLAGS)[999]);
    assertNull(columns.byteArrays(BYTES)[999]);
  }

  /** The snapshot of {@link #allKinds} columns holding {@link #fill}'s values in {@code groups} groups. */
  private static StateWriter filledSnapshot(int groups) {
    GroupColumns columns = allKinds();
    columns.ensure(groups);
    fill(columns, groups);
    StateWriter writer = new StateWriter();
    columns.snapshot(writer, groups);
    return writer;
  }

  @Test
  void snapshotRestoresIntoAFreshHolderAndLeavesObjectColumnsToTheOwner() {
    int groups = 40;
    StateWriter writer = filledSnapshot(groups);
    writer.writeLong(-42);

    GroupColumns restored = allKinds();
    StateReader reader = new StateReader(writer.toByteArray());
    restored.restore(reader, groups);
    assertEquals(-42, reader.readLong(), "restore reads exactly the blocks snapshot wrote");
    assertTrue(restored.capacity() >= groups);
    assertLengths(restored, restored.capacity());
    assertFilled(restored, groups, false);
  }

  @Test
  void restoreGrowsToTheGroupsOfTheCheckpoint() {
    int groups = 100;
    StateWriter writer = filledSnapshot(groups);

    // The caller announces fewer groups than the checkpoint holds: every column still ends one length.
    GroupColumns restored = allKinds();
    restored.restore(new StateReader(writer.toByteArray()), 1);
    assertEquals(groups, restored.capacity());
    assertLengths(restored, groups);
    assertFilled(restored, groups, false);
  }

  @Test
  void snapshotIsTheBlocksTheAccumulatorsWroteOneByOne() {
    int groups = 5;
    GroupColumns columns = new GroupColumns().withLongs().withDoubles().withFlags().withByteArrays();
    fill4(columns, groups);
    StateWriter viaHolder = new StateWriter();
    columns.snapshot(viaHolder, groups);

    StateWriter byHand = new StateWriter();
    byHand.writeLongs(columns.longs(0), groups);
    byHand.writeDoubles(columns.doubles(1), groups);
    byte[] flags = new byte[groups];
    for (int g = 0; g < groups; g++) {
      flags[g] = (byte) (columns.flags(2)[g] ? 1 : 0);
    }
    byHand.writeBytes(flags, groups);
    byHand.writeByteArrays(columns.byteArrays(3), groups);
    assertArrayEquals(byHand.toByteArray(), viaHolder.toByteArray());
  }

  private static void fill4(GroupColumns columns, int groups) {
    for (int g = 0; g < groups; g++) {
      columns.longs(0)[g] = g * 3L;
      columns.doubles(1)[g] = g + 0.5;
      columns.flags(2)[g] = g % 2 == 1;
      columns.byteArrays(3)[g] = new byte[g];
    }
  }

  @Test
  void columnsMarkedNotCheckpointedAreLeftOutButGrown() {
    GroupColumns columns = new GroupColumns().withLongs().notCheckpointed().withDoubles();
    columns.longs(0)[2] = 99;
    columns.doubles(1)[2] = 1.25;
    StateWriter writer = new StateWriter();
    columns.snapshot(writer, 3);
    StateWriter doublesOnly = new StateWriter();
    doublesOnly.writeDoubles(columns.doubles(1), 3);
    assertArrayEquals(doublesOnly.toByteArray(), writer.toByteArray());

    GroupColumns restored = new GroupColumns().withLongs().notCheckpointed().withDoubles();
    restored.restore(new StateReader(writer.toByteArray()), 40);
    assertEquals(1.25, restored.doubles(1)[2]);
    assertEquals(0, restored.longs(0)[2]);
    assertEquals(restored.capacity(), restored.longs(0).length);
    assertTrue(restored.capacity() >= 40);
  }

  @Test
  void clearResetsOneGroupInEveryColumn() {
    GroupColumns columns = allKinds();
    fill(columns, 4);
    columns.clear(3);
    assertEquals(0, columns.longs(LONGS)[3]);
    assertEquals(0.0, columns.doubles(DOUBLES)[3]);
    assertEquals(0, columns.ints(INTS)[3]);
    assertFalse(columns.flags(FLAGS)[3]);
    assertNull(columns.byteArrays(BYTES)[3]);
    assertNull(columns.<String>objects(OBJECTS)[3]);
    assertFilled(columns, 3, true);
  }

  @Test
  void addGroupSumsNumericColumnsIncludingIntoItself() {
    GroupColumns columns = new GroupColumns().withLongs().withDoubles().withInts();
    GroupColumns other = new GroupColumns().withLongs().withDoubles().withInts();
    columns.longs(0)[1] = 5;
    columns.doubles(1)[1] = 0.25;
    columns.ints(2)[1] = 2;
    other.longs(0)[7] = 10;
    other.doubles(1)[7] = 1.5;
    other.ints(2)[7] = -3;
    columns.addGroup(1, other, 7);
    assertEquals(15, columns.longs(0)[1]);
    assertEquals(1.75, columns.doubles(1)[1]);
    assertEquals(-1, columns.ints(2)[1]);
    columns.addGroup(1, columns, 1);
    assertEquals(30, columns.longs(0)[1]);
    assertEquals(3.5, columns.doubles(1)[1]);
    assertEquals(-2, columns.ints(2)[1]);
    assertEquals(10, other.longs(0)[7], "the source is unchanged");

    GroupColumns flags = new GroupColumns().withFlags();
    assertThrows(IllegalStateException.class, () -> flags.addGroup(0, flags, 1));
  }

  /** An accumulator on the holder: its checkpoint keeps the old block layout and restores its results. */
  @Test
  void momentsCheckpointKeepsItsBlocksAndResults() {
    try (BufferAllocator allocator = new RootAllocator();
        Float8Vector in = new Float8Vector("in", allocator);
        Float8Vector out = new Float8Vector("out", allocator)) {
      int rows = 50;
      in.allocateNew(rows);
      int[] groups = new int[rows];
      int[] selected = new int[rows];
      for (int row = 0; row < rows; row++) {
        in.set(row, row * 1.5 - 7);
        groups[row] = row % 20;
        selected[row] = row;
      }
      in.setValueCount(rows);
      Moments moments = new Moments(AggregateKind.VAR_SAMP);
      moments.ensureGroups(20);
      moments.accumulate(new FieldVector[] {in}, groups, selected, rows);
      StateWriter writer = new StateWriter();
      moments.snapshot(writer, 20);

      StateReader blocks = new StateReader(writer.toByteArray());
      long[] counts = blocks.readLongs(0);
      double[] means = blocks.readDoubles(0);
      blocks.readDoubles(0);
      assertEquals(20, counts.length);
      assertEquals(3, counts[0]);
      assertEquals((-7 + 23 + 53) / 3.0, means[0], 1e-9);

      Moments restored = new Moments(AggregateKind.VAR_SAMP);
      restored.restore(new StateReader(writer.toByteArray()), 20);
      out.allocateNew(40);
      for (int g = 0; g < 20; g++) {
        moments.write(g, out, g);
        restored.write(g, out, 20 + g);
        assertEquals(out.getObject(g), out.getObject(20 + g));
      }
    }
  }
}
