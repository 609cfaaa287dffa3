package io.sluice.runtime.connector;

import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;

/**
 * Reads one source (or one split of it) into Arrow batches. Built by a
 * {@link ConnectorFactory} from a scan spec; opened, polled until {@link Status#END}, closed.
 */
public interface SourceReader extends AutoCloseable {
  /** What one {@link #poll} achieved. */
  enum Status {
    /** Emitted something; poll again soon. */
    MORE,
    /** Nothing available now (unbounded source waiting for data); poll again later. */
    IDLE,
    /** The source is exhausted; a final watermark has been emitted if the table has one. */
    END
  }

  void open(OperatorContext context);

  /** Emits at most one batch (plus any watermark) to {@code out}; never blocks for long. */
  Status poll(Collector out);

  /** Whether {@link #snapshot} records the read position, so that a restored job replays from it. */
  default boolean supportsCheckpoints() {
    return false;
  }

  /** Records the read position (and watermark) reached so far; called between polls. */
  default void snapshot(StateWriter state) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be checkpointed");
  }

  /** Moves the freshly opened reader to a position recorded by {@link #snapshot}. */
  default void restore(StateReader state) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be checkpointed");
  }

  /**
   * Records the read position for checkpoint {@code checkpoint}; readers that write to a table
   * of their own (a dead-letter table) override this to close that table's epoch too.
   */
  default void snapshot(long checkpoint, StateWriter state) {
    snapshot(state);
  }

  /** Restores what {@link #snapshot(long, StateWriter)} recorded for checkpoint {@code checkpoint}. */
  default void restore(long checkpoint, StateReader state) {
    restore(state);
  }

  /** Checkpoint {@code checkpoint} is durable: a reader's own exactly-once table publishes its epochs. */
  default void checkpointComplete(long checkpoint) {}

  @Override
  default void close() {}
}
