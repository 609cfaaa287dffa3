package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Batch;

/** Where an operator or source sends its output, in order: batches and watermarks. */
public interface Collector {
  /** Hands a batch downstream; the batch stays owned by the caller (see {@link Batch}). */
  void emit(Batch batch);

  /** Announces that no row with event time below {@code watermark} (epoch millis) will follow. */
  void emitWatermark(long watermark);
}
