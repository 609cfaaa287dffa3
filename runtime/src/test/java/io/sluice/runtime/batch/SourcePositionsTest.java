package io.sluice.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Row positions recorded by sources and mapped through a filter's selection. */
class SourcePositionsTest {
  @Test
  void rowsOfSeveralFilesKeepTheirOwnPlaceAndLine() {
    SourcePositions positions = new SourcePositions("line");
    positions.set(0, "file a.csv", 2);
    positions.set(1, "file a.csv", 5);
    positions.set(2, "file b.csv", 2);
    positions.set(3, "file c.csv", 9);
    assertEquals("file a.csv line 2", positions.position(0));
    assertEquals("file a.csv line 5", positions.position(1));
    assertEquals("file b.csv line 2", positions.position(2));
    assertEquals("file c.csv line 9", positions.position(3));
    positions.clear();
    assertNull(positions.position(0));
    positions.set(0, "file d.csv", 4);
    assertEquals("file d.csv line 4", positions.position(0));
  }

  @Test
  void positionsGrowPastTheInitialCapacity() {
    SourcePositions positions = new SourcePositions("offset");
    for (int row = 0; row < 5000; row++) {
      positions.set(row, "topic 't' partition 1", 100L + row * 2L);
    }
    assertEquals("topic 't' partition 1 offset 9998", positions.position(4949));
  }

  @Test
  void aSelectionMapsFilteredRowsBackToTheirSourceRows() {
    SourcePositions positions = new SourcePositions("line");
    for (int row = 0; row < 4; row++) {
      positions.set(row, "file a.csv", row + 2L);
    }
    BatchOrigin filtered = positions.select(new int[] {1, 3});
    assertEquals("file a.csv line 3", filtered.position(0));
    assertEquals("file a.csv line 5", filtered.position(1));
    assertEquals("file a.csv line 5", filtered.select(new int[] {1}).position(0));
  }
}
