package io.sluice.runtime.exec;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanNode;
import io.sluice.plan.SinkSpec;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.OperatorFactory;
import io.sluice.runtime.operator.Satisfiable;
import io.sluice.runtime.operator.StreamOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A running instance of a physical plan: one driver thread polls every source in turn and
 * pushes each batch synchronously through the operator tree to the sink.
 *
 * <p>Memory comes from one root allocator per job (limit {@code 'job.memory.limit'}) with a
 * child allocator per source and operator; when the job ends everything is closed, and an
 * operator that still holds memory fails the job. Build jobs with {@link JobBuilder}.
 */
public final class Job {
  /** Session option bounding the job's Arrow memory, in bytes (suffixes k, m, g allowed). */
  public static final String MEMORY_LIMIT_OPTION = "job.memory.limit";

  /** Table option: after this long without data a source stops holding back the watermark. */
  public static final String IDLE_TIMEOUT_OPTION = "scan.watermark.idle-timeout";

  /** How long the driver parks when every source is idle: short enough for latency, long enough not to spin. */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final String name;
  private final PhysicalPlan plan;
  private final Map<String, String> options;
  private final ResultConsumer consumer;
  private final OperatorFactory factory;
  private final JobMetrics metrics = new JobMetrics();
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean cancelled;
  private volatile Thread driver;
  private volatile Throwable failure;

  // Driver-thread state.
  private final List<SourceNode> sources = new ArrayList<>();
  private final List<OperatorNode> operators = new ArrayList<>();
  private RootAllocator rootAllocator;
  private boolean sinkEnded;
  private int nextId;

  Job(String name, PhysicalPlan plan, Map<String, String> options, ResultConsumer consumer, OperatorFactory factory) {
    this.name = requireNonNull(name, "name is null");
    this.plan = requireNonNull(plan, "plan is null");
    this.options = Map.copyOf(options);
    this.consumer = consumer;
    this.factory = requireNonNull(factory, "factory is null");
    if (plan.sink() instanceof SinkSpec.Result && consumer == null) {
      throw new IllegalArgumentException("a query result needs a ResultConsumer");
    }
  }

  public String name() {
    return name;
  }

  public JobMetrics metrics() {
    return metrics;
  }

  /** Runs the job on the calling thread until it ends; rethrows its failure. */
  public void run() {
    claimStart();
    driver = Thread.currentThread();
    execute();
    Throwable cause = failure;
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    } else if (cause instanceof Error error) {
      throw error;
    } else if (cause != null) {
      throw new JobFailedException("Job '" + name + "' failed: " + cause.getMessage(), cause);
    }
  }

  /** Runs the job on a new thread and returns at once. */
  public Job start() {
    claimStart();
    Thread thread = new Thread(this::execute, "sluice-job-" + name);
    thread.setDaemon(true);
    driver = thread;
    thread.start();
    return this;
  }

  /** Asks the job to stop; safe from any thread. The job closes everything and ends its result. */
  public void cancel() {
    cancelled = true;
    Thread thread = driver;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  public void await() throws InterruptedException {
    done.await();
  }

  /** Waits at most {@code timeout}; true if the job has ended. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public boolean isDone() {
    return done.getCount() == 0;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Why the job failed, or null while it runs or if it succeeded or was cancelled. */
  public Throwable failure() {
    return failure;
  }

  private void claimStart() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("Job '" + name + "' was already started");
    }
  }

  private void execute() {
    try {
      rootAllocator = new RootAllocator(memoryLimit());
      OperatorNode sink = newOperator(
          sinkLabel(), factory.createSink(plan.sink(), plan.schema(), consumer), 1, null, 0);
      build(plan.root(), sink, 0);
      operators.add(sink);
      for (int i = operators.size() - 1; i >= 0; i--) {
        OperatorNode node = operators.get(i);
        node.operator.open(context(node));
      }
      for (SourceNode source : sources) {
        source.reader.open(context(source));
        source.lastDataNanos = System.nanoTime();
      }
      drive();
    } catch (Throwable t) {
      recordFailure(t);
    } finally {
      closeAll();
      if (consumer != null && plan.sink() instanceof SinkSpec.Result) {
        try {
          consumer.end();
        } catch (Throwable t) {
          recordFailure(t);
        }
      }
      done.countDown();
    }
  }

  private void drive() {
    while (!sinkEnded && !cancelled) {
      boolean progress = false;
      boolean anyActive = false;
      for (SourceNode source : sources) {
        if (!source.active) {
          continue;
        }
        anyActive = true;
        SourceReader.Status status = source.reader.poll(source.output);
        if (status == SourceReader.Status.END) {
          source.active = false;
          source.output.target.endInput(source.output.input);
        } else {
          trackIdleness(source, status);
        }
        progress |= status != SourceReader.Status.IDLE;
        stopSatisfiedOperators();
        if (sinkEnded || cancelled) {
          return;
        }
      }
      if (!anyActive) {
        throw new IllegalStateException("Job '" + name + "': every source ended but the sink did not");
      }
      if (!progress) {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
    }
  }

  /**
   * Marks a source idle once it has produced nothing for its idle timeout, so that the
   * watermark is the minimum over the inputs that still produce; data makes it active again.
   */
  private void trackIdleness(SourceNode source, SourceReader.Status status) {
    if (source.idleTimeoutNanos <= 0) {
      return;
    }
    long now = System.nanoTime();
    if (status == SourceReader.Status.MORE) {
      source.lastDataNanos = now;
      if (source.idle) {
        source.idle = false;
        source.output.target.setIdle(source.output.input, false);
      }
    } else if (!source.idle && now - source.lastDataNanos >= source.idleTimeoutNanos) {
      source.idle = true;
      metrics.counter("idle-sources").increment();
      source.output.target.setIdle(source.output.input, true);
    }
  }

  /** Ends the input of every satisfied operator and detaches the sources that fed it. */
  private void stopSatisfiedOperators() {
    for (OperatorNode node : operators) {
      if (!node.finished && node.operator instanceof Satisfiable satisfiable && satisfiable.isSatisfied()) {
        for (SourceNode source : node.upstreamSources) {
          source.active = false;
        }
        for (int input = 0; input < node.ended.length; input++) {
          node.endInput(input);
        }
      }
    }
  }

  private List<SourceNode> build(PlanNode node, OperatorNode downstream, int input) {
    if (node.inputs().isEmpty()) {
      SourceNode source = new SourceNode(OperatorFactory.label(node) + "#" + nextId++, factory.createReader(node), new Edge(downstream, input));
      if (node instanceof PlanNode.Scan scan) {
        long millis = Durations.parseMillis(IDLE_TIMEOUT_OPTION, scan.table().option(IDLE_TIMEOUT_OPTION, ""));
        source.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(millis);
      }
      sources.add(source);
      return List.of(source);
    }
    OperatorNode operator = newOperator(
        OperatorFactory.label(node), factory.create(node), node.inputs().size(), downstream, input);
    for (int i = 0; i < node.inputs().size(); i++) {
      operator.upstreamSources.addAll(build(node.inputs().get(i), operator, i));
    }
    operators.add(operator);
    return operator.upstreamSources;
  }

  private OperatorNode newOperator(String label, StreamOperator operator, int inputs, OperatorNode downstream, int input) {
    return new OperatorNode(label + "#" + nextId++, operator, inputs, downstream, input);
  }

  private String sinkLabel() {
    return plan.sink() instanceof SinkSpec.Table table ? "TableSink[" + table.table().name() + "]" : "ResultSink";
  }

  private OperatorContext context(Node node) {
    node.allocator = rootAllocator.newChildAllocator(node.name, 0, Long.MAX_VALUE);
    return new OperatorContext(node.name, node.allocator, metrics, options);
  }

  private long memoryLimit() {
    String value = options.get(MEMORY_LIMIT_OPTION);
    if (value == null || value.isBlank()) {
      return Long.MAX_VALUE;
    }
    String text = value.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = switch (text.charAt(text.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    try {
      return Math.multiplyExact(Long.parseLong(unit == 1 ? text : text.substring(0, text.length() - 1)), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Option '" + MEMORY_LIMIT_OPTION + "' must be a byte count such as 512m or 2g, not '" + value + "'", e);
    }
  }

  private void closeAll() {
    List<Node> all = new ArrayList<>(sources);
    all.addAll(operators);
    for (Node node : all) {
      try {
        node.closeTarget();
      } catch (Throwable t) {
        recordFailure(t);
      }
      if (node.allocator != null) {
        long leaked = node.allocator.getAllocatedMemory();
        if (leaked != 0) {
          recordFailure(new IllegalStateException(
              "Job '" + name + "': operator '" + node.name + "' leaked " + leaked + " bytes of Arrow memory"));
        }
        try {
          node.allocator.close();
        } catch (Throwable t) {
          suppress(t, leaked != 0);
        }
      }
    }
    if (rootAllocator != null) {
      try {
        rootAllocator.close();
      } catch (Throwable t) {
        suppress(t, failure != null);
      }
    }
  }

  private void suppress(Throwable t, boolean alreadyReported) {
    if (alreadyReported && failure != null) {
      failure.addSuppressed(t);
    } else {
      recordFailure(t);
    }
  }

  private synchronized void recordFailure(Throwable t) {
    if (failure == null) {
      failure = t;
    } else if (failure != t) {
      failure.addSuppressed(t);
    }
  }

  /** A source or operator with the allocator the job gave it. */
  private abstract static class Node {
    final String name;
    BufferAllocator allocator;

    Node(String name) {
      this.name = name;
    }

    abstract void closeTarget() throws Exception;
  }

  /** A source reader and where its batches go. */
  private static final class SourceNode extends Node {
    final SourceReader reader;
    final Edge output;
    boolean active = true;
    long idleTimeoutNanos;
    long lastDataNanos;
    boolean idle;

    SourceNode(String name, SourceReader reader, Edge output) {
      super(name);
      this.reader = reader;
      this.output = output;
    }

    @Override
    void closeTarget() throws Exception {
      reader.close();
    }
  }

  /** An operator with its per-input watermark and end-of-input bookkeeping. */
  private final class OperatorNode extends Node {
    final StreamOperator operator;
    final long[] watermarks;
    final boolean[] ended;
    /** Inputs whose sources are all idle: they do not hold back the watermark until they produce again. */
    final boolean[] idle;
    boolean allIdle;
    final Collector output;
    final OperatorNode downstream;
    final int downstreamInput;
    final List<SourceNode> upstreamSources = new ArrayList<>();
    long currentWatermark = Long.MIN_VALUE;
    int endedCount;
    boolean finished;

    OperatorNode(String name, StreamOperator operator, int inputs, OperatorNode downstream, int downstreamInput) {
      super(name);
      this.operator = operator;
      this.watermarks = new long[inputs];
      Arrays.fill(watermarks, Long.MIN_VALUE);
      this.ended = new boolean[inputs];
      this.idle = new boolean[inputs];
      this.downstream = downstream;
      this.downstreamInput = downstreamInput;
      this.output = downstream == null ? DISCARD : new Edge(downstream, downstreamInput);
    }

    void watermark(int input, long watermark) {
      if (!ended[input] && watermark > watermarks[input]) {
        watermarks[input] = watermark;
        advanceWatermark();
      }
    }

    /** Marks an input idle (or active again) and passes "all my inputs are idle" downstream. */
    void setIdle(int input, boolean isIdle) {
      idle[input] = isIdle;
      boolean all = true;
      for (int i = 0; i < idle.length; i++) {
        all &= idle[i] || ended[i];
      }
      if (all != allIdle) {
        allIdle = all;
        if (downstream != null && !downstream.finished) {
          downstream.setIdle(downstreamInput, all);
        }
      }
      advanceWatermark();
    }

    private void advanceWatermark() {
      long min = Long.MAX_VALUE;
      boolean anyActive = false;
      for (int i = 0; i < watermarks.length; i++) {
        if (!ended[i] && !idle[i]) {
          min = Math.min(min, watermarks[i]);
          anyActive = true;
        }
      }
      // With every input ended the sources have already sent their final watermarks; with
      // every remaining input idle there is nothing to advance to.
      if (endedCount < ended.length && anyActive && min > currentWatermark) {
        currentWatermark = min;
        operator.processWatermark(min, output);
      }
    }

    void endInput(int input) {
      if (ended[input]) {
        return;
      }
      ended[input] = true;
      endedCount++;
      if (endedCount < ended.length) {
        advanceWatermark();
        return;
      }
      finished = true;
      operator.finish(output);
      if (downstream != null) {
        downstream.endInput(downstreamInput);
      } else {
        sinkEnded = true;
      }
    }

    @Override
    void closeTarget() {
      operator.close();
    }
  }

  /** The collector feeding one input of an operator. */
  private static final class Edge implements Collector {
    final OperatorNode target;
    final int input;

    Edge(OperatorNode target, int input) {
      this.target = target;
      this.input = input;
    }

    @Override
    public void emit(Batch batch) {
      if (batch.rowCount() > 0 && !target.finished) {
        target.operator.processBatch(input, batch, target.output);
      }
    }

    @Override
    public void emitWatermark(long watermark) {
      if (!target.finished) {
        target.watermark(input, watermark);
      }
    }
  }

  private static final Collector DISCARD = new Collector() {
    @Override
    public void emit(Batch batch) {}

    @Override
    public void emitWatermark(long watermark) {}
  };
}
