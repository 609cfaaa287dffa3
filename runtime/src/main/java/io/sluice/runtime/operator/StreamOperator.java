package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;

/**
 * A push-based, columnar operator. The job calls {@link #open} once, then
 * {@link #processBatch} and {@link #processWatermark} in stream order, then
 * {@link #finish} once when every input has ended (bounded input), then {@link #close}.
 * Calls come from one thread at a time. Constructors do no I/O and allocate nothing;
 * operators are built from immutable plan specs by {@code OperatorFactory}.
 */
public interface StreamOperator extends AutoCloseable {
  /** Allocates what the operator needs from {@code context.allocator()}. */
  void open(OperatorContext context);

  /**
   * Consumes one batch that arrived on input {@code input} (0 for single-input operators);
   * the batch is borrowed for the duration of the call.
   */
  void processBatch(int input, Batch batch, Collector out);

  /** The watermark, already the minimum over all inputs; the default forwards it. */
  default void processWatermark(long watermark, Collector out) {
    out.emitWatermark(watermark);
  }

  /**
   * Processing time has reached {@code nanos} ({@link System#nanoTime()}): called between
   * polls, often and whenever the pipeline's sources are idle, so operators with timers
   * (early-firing windows) can emit without waiting for input. The default does nothing.
   */
  default void onProcessingTime(long nanos, Collector out) {}

  /** Every input has ended: emit what is still held (bounded aggregations, sorts). */
  default void finish(Collector out) {}

  /**
   * Whether {@link #snapshot} captures all of the operator's state. Stateless operators
   * need nothing; a stateful operator without snapshot support answers false, and a job
   * with checkpoints enabled refuses to start rather than lose its state on restore.
   */
  default boolean supportsCheckpoints() {
    return true;
  }

  /**
   * Copies the operator's state for checkpoint {@code checkpoint}; called between batches,
   * when the checkpoint barrier has reached this operator on every input.
   */
  default void snapshot(long checkpoint, StateWriter state) {}

  /** Replaces the freshly opened operator's state with a snapshot taken by {@link #snapshot}. */
  default void restore(long checkpoint, StateReader state) {}

  /** Checkpoint {@code checkpoint} is durable: sinks publish what they wrote before its barrier. */
  default void checkpointComplete(long checkpoint) {}

  /** Releases every buffer the operator allocated. */
  @Override
  default void close() {}
}
