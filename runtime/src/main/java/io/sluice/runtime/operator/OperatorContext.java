package io.sluice.runtime.operator;

import io.sluice.runtime.exec.JobMetrics;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What an operator gets from the job when it opens: its own child allocator (closed by the
 * job after the operator's {@code close}, so leaks fail loudly), the job's metrics, the
 * session options in force when the job started, and the catalog tables it may divert rows to.
 */
public record OperatorContext(String name, BufferAllocator allocator, JobMetrics metrics, Map<String, String> options,
    TableSinks tables) {
  /** A context without catalog tables. */
  public OperatorContext(String name, BufferAllocator allocator, JobMetrics metrics, Map<String, String> options) {
    this(name, allocator, metrics, options, TableSinks.NONE);
  }
}
