package io.sluice.runtime.batch;

/**
 * A description of where the rows of a batch were read, for messages about a failing row.
 * A source attaches one per batch; a position is computed only when a row fails.
 */
public interface BatchOrigin {
  /** Where row {@code row} of the batch was read, such as {@code file data/a.csv line 7}, or null when unknown. */
  String position(int row);

  /** The origin of a batch holding rows {@code rows[0], rows[1], ...} of a batch with this origin. */
  default BatchOrigin select(int[] rows) {
    return row -> position(rows[row]);
  }
}
