package io.sluice.runtime.exec;

import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;

/** Receives the rows of a query's result, in order, on the job's thread. */
public interface ResultConsumer {
  /** Called once before any batch. */
  default void begin(Schema schema) {}

  /** One batch of result rows, borrowed for the duration of the call. */
  void accept(Batch batch);

  /** The query ended (its bounded input is exhausted, or it was cancelled). */
  default void end() {}
}
