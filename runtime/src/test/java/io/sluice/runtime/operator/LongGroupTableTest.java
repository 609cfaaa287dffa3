package io.sluice.runtime.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A property test of {@link LongGroupTable} against a HashMap, through growth and colliding keys. */
class LongGroupTableTest {
  @Test
  void numbersKeysDenselyInFirstSeenOrder() {
    Random random = new Random(7);
    LongGroupTable table = new LongGroupTable();
    Map<Long, Integer> expected = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      // Small ranges, multiples of a power of two and extremes stress probing and hashing.
      long key = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(5_000);
        case 1 -> (long) random.nextInt(5_000) << 32;
        case 2 -> random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(10) : Long.MAX_VALUE - random.nextInt(10);
        default -> random.nextLong();
      };
      Integer known = expected.get(key);
      int id = table.idOf(key, expected.size());
      if (known == null) {
        assertEquals(expected.size(), id, "new key " + key);
        assertEquals(true, table.inserted());
        expected.put(key, id);
      } else {
        assertEquals(known, id, "known key " + key);
        assertEquals(false, table.inserted());
      }
    }
  }
}
