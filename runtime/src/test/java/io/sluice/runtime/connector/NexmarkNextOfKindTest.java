package io.sluice.runtime.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** NexmarkGenerator.nextOfKind: the jump to a table's next event agrees with stepping through the kinds. */
class NexmarkNextOfKindTest {
  @Test
  void jumpsToTheFirstEventOfTheKindAtOrAfterN() {
    for (NexmarkGenerator.Kind kind : NexmarkGenerator.Kind.values()) {
      for (long n = 0; n < 20 * NexmarkGenerator.PROPORTION_DENOMINATOR; n++) {
        long expected = n;
        while (NexmarkGenerator.kindOf(expected) != kind) {
          expected++;
        }
        assertEquals(expected, NexmarkGenerator.nextOfKind(n, kind), kind + " from event " + n);
      }
    }
  }
}
