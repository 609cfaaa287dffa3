package io.sluice.runtime.exec;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.SinkSpec;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.operator.OperatorFactory;
import io.sluice.runtime.operator.StreamOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.RootAllocator;

/**
 * A running instance of a physical plan. With {@code 'parallelism'} 1, one driver thread
 * polls every source in turn and pushes each batch synchronously through the operator tree
 * to the sink; otherwise the plan is cut into {@link Fragments} whose instances run as
 * {@link Pipeline}s on their own threads, connected by bounded exchanges.
 *
 * <p>Memory comes from one root allocator per job (limit {@code 'job.memory.limit'}) with a
 * child allocator per source and operator; when the job ends everything is closed, and an
 * operator that still holds memory fails the job. Build jobs with {@link JobBuilder}.
 */
public final class Job {
  /** Table option: after this long without data a source stops holding back the watermark. */
  public static final String IDLE_TIMEOUT_OPTION = "scan.watermark.idle-timeout";

  /** Session option bounding the job's Arrow memory, in bytes (suffixes k, m, g allowed). */
  public static final String MEMORY_LIMIT_OPTION = "job.memory.limit";

  /** Session option: worker threads per parallel fragment (default: the number of cores; 1 runs on one thread). */
  public static final String PARALLELISM_OPTION = "parallelism";

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
  private volatile long peakArrowMemory;

  /** Set when the job must stop before its sources end: a pipeline failed, or the sink ended early. */
  private volatile boolean stopping;

  // Driver-thread state.
  private final List<Pipeline> pipelines = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();
  private int rootPipelines;
  private RootAllocator rootAllocator;

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

  /** The most Arrow memory the job held at once, in bytes; final once the job has ended. */
  public long peakArrowMemory() {
    return peakArrowMemory;
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
    JobCheckpoints checkpoints = null;
    try {
      rootAllocator = new RootAllocator(memoryLimit());
      // The test-only restart replaces one pipeline's operators in place (Pipeline.restartBelowTop),
      // so a job with it runs as one pipeline; other checkpointed jobs align barriers through exchanges.
      int parallelism = CheckpointStore.enabled(options) && JobCheckpoints.restartsForTests(options) ? 1
          : parallelism();
      checkpoints = JobCheckpoints.create(plan, options, metrics, parallelism);
      if (parallelism == 1) {
        pipelines.add(new Pipeline(name, "", factory, metrics, options, this::stopped, sinkLabel(), createSink(),
            plan.root(), null, Pipeline.whole(factory)));
        rootPipelines = 1;
      } else {
        buildParallel(parallelism);
      }
      for (Pipeline pipeline : pipelines) {
        pipeline.open(rootAllocator);
      }
      if (checkpoints != null) {
        checkpoints.start(pipelines, name);
      }
      if (pipelines.size() == 1) {
        pipelines.get(0).drive();
      } else {
        runThreads();
      }
      if (checkpoints != null) {
        JobCheckpoints ending = checkpoints;
        checkpoints = null;
        ending.end(!cancelled && failure == null && pipelines.subList(0, rootPipelines).stream().allMatch(Pipeline::finished));
      }
    } catch (Throwable t) {
      recordFailure(t);
      if (checkpoints != null) {
        checkpoints.abort();
      }
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

  private boolean stopped() {
    return cancelled || stopping;
  }

  private StreamOperator createSink() {
    return factory.createSink(plan.sink(), plan.schema(), consumer);
  }

  /** Cuts the plan into fragments and creates one pipeline per fragment instance, the sink's first. */
  private void buildParallel(int parallelism) {
    List<Fragments.Fragment> fragments = Fragments.cut(plan.root(), factory.parallelSink(plan.sink()), factory,
        parallelism);
    for (Fragments.Fragment fragment : fragments) {
      for (int instance = 0; instance < fragment.instances; instance++) {
        int split = instance;
        String suffix = fragment.parallel ? "/" + instance : "";
        String topLabel;
        StreamOperator top;
        if (fragment.outputs.isEmpty()) {
          topLabel = sinkLabel();
          top = createSink();
        } else {
          topLabel = "ExchangeSender";
          List<ExchangeSender> senders = new ArrayList<>();
          for (Fragments.Exchange out : fragment.outputs) {
            senders.add(out.forward()
                ? new ExchangeSender(out.schema(), List.of(out.channels().get(instance)), 0, null, this::stopped)
                : new ExchangeSender(out.schema(), out.channels(), instance, out.keys(), this::stopped));
          }
          top = senders.size() == 1 ? senders.get(0) : new FanOutSender(senders);
        }
        Pipeline.Inputs inputs = Pipeline.of(
            (parent, input) -> {
              Fragments.Exchange exchange = fragment.cut(parent, input);
              return exchange == null ? null : new ChannelReader(exchange.channels().get(split));
            },
            leaf -> fragment.parallel ? factory.createReader(leaf, split, parallelism) : factory.createReader(leaf));
        SourceReader rootReader =
            fragment.root == null ? new ChannelReader(fragment.rootInput.channels().get(split)) : null;
        pipelines.add(new Pipeline(name, suffix, factory, metrics, options, this::stopped, topLabel, top,
            fragment.root, rootReader, inputs));
      }
      if (fragment.outputs.isEmpty()) {
        rootPipelines = fragment.instances;
      } else {
        fragment.outputs.forEach(out -> channels.addAll(out.channels()));
      }
    }
  }

  /** Runs every pipeline on its own thread; the job stops early when one fails or the sink's pipelines end. */
  private void runThreads() throws InterruptedException {
    AtomicInteger sinksRunning = new AtomicInteger(rootPipelines);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < pipelines.size(); i++) {
      Pipeline pipeline = pipelines.get(i);
      boolean holdsSink = i < rootPipelines;
      Thread thread = new Thread(() -> {
        try {
          pipeline.drive();
        } catch (Throwable t) {
          recordFailure(t);
          stopping = true;
        } finally {
          if (holdsSink && sinksRunning.decrementAndGet() == 0) {
            // Only a LIMIT ends the sink before its inputs; the rest of the job is then not needed.
            stopping = true;
          }
        }
      }, "sluice-" + name + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** The {@code 'parallelism'} option: worker threads per parallel fragment, by default one per core. */
  private int parallelism() {
    String value = options.get(PARALLELISM_OPTION);
    if (value == null || value.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int parallelism = Integer.parseInt(value.trim());
      if (parallelism >= 1) {
        return parallelism;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "Option '" + PARALLELISM_OPTION + "' must be a positive number of threads, not '" + value + "'");
  }

  private String sinkLabel() {
    return plan.sink() instanceof SinkSpec.Table table ? "TableSink[" + table.table().name() + "]" : "ResultSink";
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
    // Queued batches belong to their senders, which close them below.
    channels.forEach(Channel::clear);
    for (Pipeline pipeline : pipelines) {
      for (Pipeline.Node node : pipeline.nodes()) {
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
    }
    if (rootAllocator != null) {
      peakArrowMemory = rootAllocator.getPeakMemoryAllocation();
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
}
