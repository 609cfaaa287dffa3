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

  @Override
  default void close() {}
}
