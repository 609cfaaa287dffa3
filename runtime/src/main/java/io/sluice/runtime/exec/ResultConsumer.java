package io.sluice.runtime.exec;

import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;

/** Receives the rows of a query's result, in order, on the job's thread. */
public interface ResultConsumer {
  /** Called once before any batch. */
  default void begin(Schema schema) {}

  /** One batch of result rows, borrowed for the duration of the call. */
  void accept(Batch batch);

  /**
   * The result's event-time watermark advanced to {@code watermark} (epoch milliseconds): no
   * later row will be older, so a client can show how far the query has got.
   */
  default void watermark(long watermark) {}

  /** The query ended (its bounded input is exhausted, or it was cancelled). */
  default void end() {}
}
