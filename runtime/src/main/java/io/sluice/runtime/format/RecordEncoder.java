package io.sluice.runtime.format;

import io.sluice.runtime.batch.Batch;

/** An encoder of one row of a batch's columns into a serialized record, built by {@link Formats#encoder}. */
public interface RecordEncoder {
  /** The encoded row {@code row} of {@code batch}; the array is the caller's to keep. */
  byte[] encode(Batch batch, int row);
}
