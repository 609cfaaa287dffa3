package io.sluice.runtime.batch;

import java.util.Arrays;

/**
 * A reusable {@link BatchOrigin} that a source fills while decoding a batch: runs of rows read
 * from one place (a file, a Kafka partition), and each row's line number or offset there.
 */
public final class SourcePositions implements BatchOrigin {
  private final String unit;
  private String[] places = new String[2];
  private int[] firstRows = new int[2];
  private int runs;
  private long[] positions = new long[1024];

  /** Positions counted in {@code unit}, such as {@code line} or {@code offset}. */
  public SourcePositions(String unit) {
    this.unit = unit;
  }

  /** Forgets the previous batch's rows. */
  public void clear() {
    runs = 0;
  }

  /** Records that row {@code row} (rows are recorded in order) was read at {@code position} in {@code place}. */
  public void set(int row, String place, long position) {
    if (runs == 0 || !places[runs - 1].equals(place)) {
      if (runs == places.length) {
        places = Arrays.copyOf(places, runs * 2);
        firstRows = Arrays.copyOf(firstRows, runs * 2);
      }
      places[runs] = place;
      firstRows[runs++] = row;
    }
    if (row >= positions.length) {
      positions = Arrays.copyOf(positions, Math.max(row + 1, positions.length * 2));
    }
    positions[row] = position;
  }

  @Override
  public String position(int row) {
    for (int run = runs - 1; run >= 0; run--) {
      if (firstRows[run] <= row) {
        return places[run] + " " + unit + " " + positions[row];
      }
    }
    return null;
  }
}
