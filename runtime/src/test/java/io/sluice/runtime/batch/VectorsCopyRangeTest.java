package io.sluice.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/** Vectors.copyRange on strings (bulk copy of value bytes and shifted offsets) against a list model. */
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
}
