package io.sluice.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Vectors.copyRange (bulk copy of value bytes, shifted offsets and validity bits) against a
 * list model, and Vectors.allocateFor, which sizes a target for several parts at once.
 */
class VectorsCopyRangeTest {
  @Test
  void appendedStringRangesReadBackAsCopiedWithNullsAndEmptyValues() {
    Random random = new Random(5);
    List<String> expected = new ArrayList<>();
    try (RootAllocator allocator = new RootAllocator();
        VarCharVector source = new VarCharVector("s", allocator);
        VarCharVector target = new VarCharVector("t", allocator)) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        String value = random.nextInt(7) == 0 ? null : "v".repeat(random.nextInt(4)) + i;
        values.add(value);
        if (value == null) {
          source.setNull(i);
        } else {
          source.setSafe(i, value.getBytes(StandardCharsets.UTF_8));
        }
      }
      source.setValueCount(values.size());
      int at = 0;
      // Ranges of random length appended one after the other, the target growing many times.
      for (int start = 0; start < values.size(); ) {
        int count = Math.min(values.size() - start, 1 + random.nextInt(700));
        Vectors.copyRange(source, start, count, target, at);
        expected.addAll(values.subList(start, start + count));
        start += count;
        at += count;
      }
      // A range written past never-set rows: those read back as NULL.
      Vectors.copyRange(source, 10, 3, target, at + 2);
      expected.add(null);
      expected.add(null);
      expected.addAll(values.subList(10, 13));
      target.setValueCount(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        if (expected.get(i) == null) {
          assertNull(target.getObject(i), "row " + i);
        } else {
          assertEquals(expected.get(i), target.getObject(i).toString(), "row " + i);
        }
      }
    }
  }

  @Test
  void rangesFromAnyBitPositionToAnyOtherKeepValuesAndNulls() {
    Random random = new Random(11);
    try (RootAllocator allocator = new RootAllocator();
        VarCharVector strings = new VarCharVector("s", allocator);
        BigIntVector longs = new BigIntVector("l", allocator);
        VarCharVector stringTarget = new VarCharVector("st", allocator);
        BigIntVector longTarget = new BigIntVector("lt", allocator)) {
      int rows = 3000;
      List<String> stringValues = new ArrayList<>();
      List<Long> longValues = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        boolean isNull = random.nextInt(3) == 0;
        stringValues.add(isNull ? null : "x".repeat(random.nextInt(5)) + i);
        longValues.add(random.nextInt(5) == 0 ? null : (long) i * 31);
        if (isNull) {
          strings.setNull(i);
        } else {
          strings.setSafe(i, stringValues.get(i).getBytes(StandardCharsets.UTF_8));
        }
        if (longValues.get(i) == null) {
          longs.setNull(i);
        } else {
          longs.setSafe(i, longValues.get(i));
        }
      }
      strings.setValueCount(rows);
      longs.setValueCount(rows);
      List<String> expectedStrings = new ArrayList<>();
      List<Long> expectedLongs = new ArrayList<>();
      int at = 0;
      // Ranges starting anywhere in the source, appended after each other: the source and target
      // bit positions (and string offsets) differ, so bits are shifted between bytes.
      for (int range = 0; range < 60; range++) {
        int start = random.nextInt(rows - 1);
        int count = Math.min(rows - start, 1 + random.nextInt(90));
        Vectors.copyRange(strings, start, count, stringTarget, at);
        Vectors.copyRange(longs, start, count, longTarget, at);
        expectedStrings.addAll(stringValues.subList(start, start + count));
        expectedLongs.addAll(longValues.subList(start, start + count));
        at += count;
      }
      stringTarget.setValueCount(at);
      longTarget.setValueCount(at);
      for (int i = 0; i < at; i++) {
        Object string = stringTarget.getObject(i);
        assertEquals(expectedStrings.get(i), string == null ? null : string.toString(), "string row " + i);
        assertEquals(expectedLongs.get(i), longTarget.getObject(i), "long row " + i);
      }
    }
  }

  @Test
  void aTargetAllocatedForAllPartsTakesThemWithoutGrowingAnyBuffer() {
    Schema schema = new Schema(List.of(
        new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
        new Field("l", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    try (RootAllocator allocator = new RootAllocator();
        VectorSchemaRoot target = VectorSchemaRoot.create(schema, allocator)) {
      List<VectorSchemaRoot> parts = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      try {
        int n = 0;
        for (int rows : new int[] {1000, 0, 4097, 3}) {
          VectorSchemaRoot part = VectorSchemaRoot.create(schema, allocator);
          VarCharVector strings = (VarCharVector) part.getVector(0);
          BigIntVector longs = (BigIntVector) part.getVector(1);
          for (int r = 0; r < rows; r++, n++) {
            String value = n % 11 == 0 ? null : "value-" + n;
            expected.add(value);
            if (value == null) {
              strings.setNull(r);
            } else {
              strings.setSafe(r, value.getBytes(StandardCharsets.UTF_8));
            }
            longs.setSafe(r, n);
          }
          part.setRowCount(rows);
          parts.add(part);
        }
        Vectors.allocateFor(target, parts);
        List<ArrowBuf> buffers = new ArrayList<>();
        for (FieldVector vector : target.getFieldVectors()) {
          buffers.addAll(List.of(vector.getBuffers(false)));
        }
        int at = 0;
        for (VectorSchemaRoot part : parts) {
          for (int c = 0; c < 2; c++) {
            Vectors.copyRange(part.getVector(c), 0, part.getRowCount(), target.getVector(c), at);
          }
          at += part.getRowCount();
        }
        List<ArrowBuf> after = new ArrayList<>();
        for (FieldVector vector : target.getFieldVectors()) {
          after.addAll(List.of(vector.getBuffers(false)));
        }
        assertEquals(buffers.size(), after.size());
        for (int b = 0; b < buffers.size(); b++) {
          assertSame(buffers.get(b), after.get(b), "buffer " + b + " was reallocated");
        }
        target.setRowCount(at);
        assertEquals(expected.size(), at);
        for (int i = 0; i < at; i++) {
          Object value = target.getVector(0).getObject(i);
          assertEquals(expected.get(i), value == null ? null : value.toString(), "row " + i);
          assertEquals((long) i, target.getVector(1).getObject(i), "row " + i);
        }
      } finally {
        parts.forEach(VectorSchemaRoot::close);
      }
    }
  }
}
