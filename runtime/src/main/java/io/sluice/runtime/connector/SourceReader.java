package io.sluice.runtime.connector;

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

  @Override
  default void close() {}
}
