package io.sluice.runtime.operator;

import io.sluice.runtime.exec.JobMetrics;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What an operator gets from the job when it opens: its own child allocator (closed by the
 * job after the operator's {@code close}, so leaks fail loudly), the job's metrics and the
 * session options in force when the job started.
 */
public record OperatorContext(String name, BufferAllocator allocator, JobMetrics metrics, Map<String, String> options) {}
