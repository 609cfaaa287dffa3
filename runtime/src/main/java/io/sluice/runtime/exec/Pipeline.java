package io.sluice.runtime.exec;

import io.sluice.plan.PlanNode;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.checkpoint.StateBytes;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.OperatorFactory;
import io.sluice.runtime.operator.Satisfiable;
import io.sluice.runtime.operator.StreamOperator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One thread's share of a job: a tree of operators under a top operator (the sink, or the
 * sending end of an exchange), fed by source readers (connector splits or the receiving
 * ends of exchanges). Its driver polls every source in turn and pushes each batch
 * synchronously through the tree; the pipeline is done when its top operator has finished.
 *
 * <p>In a checkpointed job the pipeline takes part in aligned checkpoints: when checkpoint N
 * is requested, its connector readers deliver the barrier between polls (every batch they
 * produced has then passed all operators) and are not polled again until the snapshot; its
 * exchange readers deliver it once every sender's barrier has arrived. With every source
 * delivered, it snapshots its readers and operators, forwards the barrier through its top
 * (an exchange sends it to every receiver) and hands the snapshot to {@link JobCheckpoints}.
 */
final class Pipeline {
  /** How long the driver parks when every source is idle: short enough for latency, long enough not to spin. */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** How a pipeline's leaves are read. */
  interface Inputs {
    /**
     * The reader standing in for input {@code input} of {@code parent} (the receiving end
     * of an exchange), or null when the input is part of this pipeline.
     */
    SourceReader cut(PlanNode parent, int input);

    /** The reader of a leaf node of this pipeline. */
    SourceReader leaf(PlanNode leaf);
  }

  private final String name;
  private final String suffix;
  private final OperatorFactory factory;
  private final JobMetrics metrics;
  private final Map<String, String> options;
  private final BooleanSupplier stopped;
  private final PlanNode root;
  private final Inputs inputs;
  private BufferAllocator parentAllocator;
  private final List<SourceNode> sources = new ArrayList<>();
  private final List<OperatorNode> operators = new ArrayList<>();
  private boolean topEnded;
  private int nextId;
  /** The job's checkpoint coordinator, or null when the job does not checkpoint. */
  private JobCheckpoints checkpoints;
  /** This pipeline's place in the job's list, as the coordinator knows it. */
  private int index;
  /** The checkpoint whose barrier this pipeline waits for next. */
  private long nextBarrier = 1;
  /** The newest checkpoint the operators were told is durable. */
  private long notified;
  /**
   * Prepended to the names of this pipeline's state in a checkpoint: node names are unique
   * within a pipeline only (each fragment numbers its nodes from 0, and every exchange's
   * sending end is {@code ExchangeSender#0}).
   */
  private String statePrefix = "";

  /**
   * @param root the plan subtree this pipeline runs under {@code top}, or null when the top
   *     operator reads {@code rootReader} directly
   * @param suffix appended to operator names (the instance number of a parallel pipeline)
   */
  Pipeline(String name, String suffix, OperatorFactory factory, JobMetrics metrics, Map<String, String> options,
      BooleanSupplier stopped, String topLabel, StreamOperator top, PlanNode root, SourceReader rootReader,
      Inputs inputs) {
    this.name = name;
    this.suffix = suffix;
    this.factory = factory;
    this.metrics = metrics;
    this.options = options;
    this.stopped = stopped;
    this.root = root;
    this.inputs = inputs;
    OperatorNode topNode = newOperator(topLabel, top, 1, null, 0);
    if (root == null) {
      SourceNode source = new SourceNode("Exchange#" + nextId++ + suffix, rootReader, new Edge(topNode, 0));
      sources.add(source);
      topNode.upstreamSources.add(source);
    } else {
      topNode.upstreamSources.addAll(build(root, topNode, 0, inputs));
    }
    operators.add(topNode);
  }

  /** Opens every operator, downstream first, then every source, each with a child allocator of {@code parent}. */
  void open(BufferAllocator parent) {
    parentAllocator = parent;
    for (int i = operators.size() - 1; i >= 0; i--) {
      OperatorNode node = operators.get(i);
      node.operator.open(context(node, parent));
    }
    for (SourceNode source : sources) {
      source.reader.open(context(source, parent));
      source.lastDataNanos = System.nanoTime();
    }
  }

  /**
   * Joins the job's checkpoints as pipeline {@code index}, its state named with {@code
   * statePrefix} (empty for a job of one pipeline, so that its names are the operators').
   * Called before {@link #restore}.
   */
  void joinCheckpoints(JobCheckpoints coordinator, int index, String statePrefix) {
    this.checkpoints = coordinator;
    this.index = index;
    this.statePrefix = statePrefix;
  }

  /** The next barrier this pipeline waits for follows checkpoint {@code restored} (0 when nothing was restored). */
  void resumeAfter(long restored) {
    this.nextBarrier = restored + 1;
    this.notified = restored;
  }

  /** The sources and operators whose state checkpoints would not cover, by name. */
  List<String> notCheckpointable() {
    List<String> names = new ArrayList<>();
    for (SourceNode source : sources) {
      if (!source.reader.supportsCheckpoints()) {
        names.add(source.name);
      }
    }
    for (OperatorNode node : operators) {
      if (!node.operator.supportsCheckpoints()) {
        names.add(node.name);
      }
    }
    return names;
  }

  /**
   * Copies the state of every source and operator, by name (with the pipeline's prefix, so
   * that names are unique in the job). Called between polls once every source has delivered the
   * barrier, where every batch before it has been pushed through to the top: the barrier has
   * thereby passed every operator on all of its inputs. Also called by the coordinator on a
   * finished pipeline, whose state no longer changes. The shared blobs the operators refer to
   * are entries too, under their own job-wide names (see {@link StateWriter#blobEntries}).
   */
  Map<String, StateBytes> snapshot(long checkpoint) {
    Map<String, StateBytes> entries = new java.util.LinkedHashMap<>();
    for (SourceNode source : sources) {
      StateWriter state = new StateWriter();
      state.writeBoolean(source.active);
      if (source.active) {
        source.reader.snapshot(checkpoint, state);
      }
      entries.put(statePrefix + source.name, state);
    }
    for (OperatorNode node : operators) {
      StateWriter state = new StateWriter();
      state.writeLong(node.currentWatermark);
      state.writeInt(node.watermarks.length);
      for (int i = 0; i < node.watermarks.length; i++) {
        state.writeLong(node.watermarks[i]);
        state.writeBoolean(node.ended[i]);
      }
      state.writeBoolean(node.finished);
      node.operator.snapshot(checkpoint, state);
      entries.put(statePrefix + node.name, state);
      entries.putAll(state.blobEntries());
    }
    return entries;
  }

  /** Puts every freshly opened source and operator back in the state of checkpoint {@code restored}. */
  void restore(CheckpointStore.Restored restored) {
    restore(restored.id(), restored.entries(), restored.blobs(), null);
  }

  private void restore(long checkpoint, Map<String, byte[]> entries, Map<String, ByteBuffer> blobs,
      OperatorNode skipped) {
    for (SourceNode source : sources) {
      StateReader state = new StateReader(entry(entries, statePrefix + source.name, checkpoint));
      source.active = state.readBoolean();
      if (source.active) {
        source.reader.restore(checkpoint, state);
      }
    }
    for (OperatorNode node : operators) {
      if (node == skipped) {
        continue;
      }
      StateReader state = new StateReader(ByteBuffer.wrap(entry(entries, statePrefix + node.name, checkpoint)), blobs);
      node.currentWatermark = state.readLong();
      if (state.readInt() != node.watermarks.length) {
        throw new IllegalStateException("Checkpoint " + checkpoint + " does not fit operator " + node.name);
      }
      for (int i = 0; i < node.watermarks.length; i++) {
        node.watermarks[i] = state.readLong();
        node.ended[i] = state.readBoolean();
        node.endedCount += node.ended[i] ? 1 : 0;
      }
      node.finished = state.readBoolean();
      node.operator.restore(checkpoint, state);
      if (node.finished && node.downstream == null) {
        topEnded = true;
      }
    }
  }

  /**
   * Replaces every source and operator under the top operator with fresh instances restored
   * from checkpoint {@code restored}, as a restarted process would build them; the top (the
   * sink) goes on, its state being that of the checkpoint already. Called between polls,
   * right after the checkpoint was taken, by the test-only restart option of
   * {@link JobCheckpoints}, so that every snapshot is proven by a restore.
   */
  void restartBelowTop(CheckpointStore.Restored restored) {
    if (root == null) {
      throw new IllegalStateException("only a pipeline built from a plan can be restarted");
    }
    OperatorNode top = operators.get(operators.size() - 1);
    for (Node node : nodes()) {
      if (node == top) {
        continue;
      }
      try {
        node.closeTarget();
      } catch (Exception e) {
        throw new IllegalStateException("Closing " + node.name + " for a restart failed", e);
      }
      node.allocator.close();
    }
    sources.clear();
    operators.clear();
    top.upstreamSources.clear();
    // Names carry a sequence number: build again from where the constructor did, so they match the checkpoint's.
    nextId = 1;
    top.upstreamSources.addAll(build(root, top, 0, inputs));
    for (int i = operators.size() - 1; i >= 0; i--) {
      OperatorNode node = operators.get(i);
      node.operator.open(context(node, parentAllocator));
    }
    for (SourceNode source : sources) {
      source.reader.open(context(source, parentAllocator));
      source.lastDataNanos = System.nanoTime();
    }
    operators.add(top);
    Map<String, byte[]> below = new java.util.HashMap<>(restored.entries());
    below.remove(statePrefix + top.name);
    restore(restored.id(), below, restored.blobs(), top);
  }

  private static byte[] entry(Map<String, byte[]> entries, String name, long checkpoint) {
    byte[] bytes = entries.get(name);
    if (bytes == null) {
      throw new IllegalStateException("Checkpoint " + checkpoint + " has no state for " + name
          + ": it was taken for a different query; use a new 'checkpoint.dir' to start afresh");
    }
    return bytes;
  }

  /**
   * Tells every source and operator that checkpoint {@code checkpoint} is durable, unless they
   * know a newer one. Called on the pipeline's thread, or by the coordinator once it has finished.
   */
  void checkpointComplete(long checkpoint) {
    if (checkpoint <= notified) {
      return;
    }
    notified = checkpoint;
    for (SourceNode source : sources) {
      source.reader.checkpointComplete(checkpoint);
    }
    for (OperatorNode node : operators) {
      node.operator.checkpointComplete(checkpoint);
    }
  }

  /** Runs until the top operator has finished or the job stops; a finished pipeline tells the checkpoints. */
  void drive() {
    run();
    if (checkpoints != null && topEnded) {
      checkpoints.finished(index);
    }
  }

  private void run() {
    while (!topEnded && !stopped.getAsBoolean()) {
      if (checkpoints != null) {
        checkpointBetweenPolls();
      }
      boolean progress = false;
      boolean anyActive = false;
      for (SourceNode source : sources) {
        if (!source.active) {
          continue;
        }
        anyActive = true;
        if (source.barrier) {
          continue;
        }
        SourceReader.Status status = source.reader.poll(source.output);
        if (status == SourceReader.Status.END) {
          source.active = false;
          source.output.target.endInput(source.output.input);
        } else {
          trackIdleness(source, status);
          if (source.channel != null && source.channel.aligned() != 0) {
            source.barrier = true;
          }
        }
        progress |= status != SourceReader.Status.IDLE;
        stopSatisfiedOperators();
        if (topEnded || stopped.getAsBoolean()) {
          return;
        }
      }
      if (!anyActive) {
        throw new IllegalStateException("Job '" + name + "': every source ended but the sink did not");
      }
      fireTimers();
      if (!progress) {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
    }
  }

  boolean finished() {
    return topEnded;
  }

  /**
   * Passes on durable checkpoints, and takes part in the requested one: connector readers
   * deliver its barrier now; once every source has delivered it, the pipeline checkpoints.
   */
  private void checkpointBetweenPolls() {
    long durable = checkpoints.completedId();
    if (durable > notified) {
      checkpointComplete(durable);
      checkpoints.completeFinished(durable);
    }
    if (checkpoints.requested() < nextBarrier) {
      return;
    }
    boolean aligned = true;
    for (SourceNode source : sources) {
      if (source.active && !source.barrier) {
        if (source.channel == null) {
          source.barrier = true;
        } else {
          aligned = false;
        }
      }
    }
    if (aligned) {
      takeCheckpoint();
    }
  }

  /** Snapshots every source and operator, sends the barrier on, lets the sources go on, and acknowledges. */
  private void takeCheckpoint() {
    long id = nextBarrier++;
    long start = System.nanoTime();
    Map<String, StateBytes> entries = snapshot(id);
    long nanos = System.nanoTime() - start;
    OperatorNode top = operators.get(operators.size() - 1);
    if (top.operator instanceof BarrierSender sender && !top.finished) {
      sender.sendBarrier(id);
    }
    for (SourceNode source : sources) {
      source.barrier = false;
      if (source.channel != null) {
        source.channel.release();
      }
    }
    checkpoints.acknowledge(this, index, id, entries, nanos);
  }

  /** Tells every running operator the processing time, for its timers. */
  private void fireTimers() {
    long now = System.nanoTime();
    for (OperatorNode node : operators) {
      if (!node.finished) {
        node.operator.onProcessingTime(now, node.output);
      }
    }
  }

  /** Sources and operators, for closing; each has the allocator the job gave it. */
  List<Node> nodes() {
    List<Node> all = new ArrayList<>(sources);
    all.addAll(operators);
    return all;
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

  /**
   * Ends the input of every satisfied operator and detaches the sources that fed it; an
   * exchange feeding it drops what its senders send from then on, so they never wait for it.
   */
  private void stopSatisfiedOperators() {
    for (OperatorNode node : operators) {
      if (!node.finished && node.operator instanceof Satisfiable satisfiable && satisfiable.isSatisfied()) {
        for (SourceNode source : node.upstreamSources) {
          source.active = false;
          if (source.channel != null) {
            source.channel.discard();
          }
        }
        for (int input = 0; input < node.ended.length; input++) {
          node.endInput(input);
        }
      }
    }
  }

  private List<SourceNode> build(PlanNode node, OperatorNode downstream, int input, Inputs inputs) {
    if (node.inputs().isEmpty()) {
      SourceNode source = new SourceNode(OperatorFactory.label(node) + "#" + nextId++ + suffix, inputs.leaf(node),
          new Edge(downstream, input));
      if (node instanceof PlanNode.Scan scan) {
        long millis = Durations.parseMillis(Job.IDLE_TIMEOUT_OPTION, scan.table().option(Job.IDLE_TIMEOUT_OPTION, ""));
        source.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(millis);
      }
      sources.add(source);
      return List.of(source);
    }
    OperatorNode operator = newOperator(
        OperatorFactory.label(node), factory.create(node), node.inputs().size(), downstream, input);
    for (int i = 0; i < node.inputs().size(); i++) {
      SourceReader cut = inputs.cut(node, i);
      if (cut != null) {
        SourceNode source = new SourceNode("Exchange#" + nextId++ + suffix, cut, new Edge(operator, i));
        sources.add(source);
        operator.upstreamSources.add(source);
      } else {
        operator.upstreamSources.addAll(build(node.inputs().get(i), operator, i, inputs));
      }
    }
    operators.add(operator);
    return operator.upstreamSources;
  }

  private OperatorNode newOperator(String label, StreamOperator operator, int inputs, OperatorNode downstream,
      int input) {
    return new OperatorNode(label + "#" + nextId++ + suffix, operator, inputs, downstream, input);
  }

  private OperatorContext context(Node node, BufferAllocator parent) {
    node.allocator = parent.newChildAllocator(node.name, 0, Long.MAX_VALUE);
    return new OperatorContext(node.name, node.allocator, metrics, options, factory.tableSinks());
  }

  /** Factory of the pipeline's readers for the single-instance case: every leaf through the operator factory. */
  static Inputs whole(OperatorFactory factory) {
    return of((parent, input) -> null, factory::createReader);
  }

  static Inputs of(BiFunction<PlanNode, Integer, SourceReader> cut, Function<PlanNode, SourceReader> leaf) {
    return new Inputs() {
      @Override
      public SourceReader cut(PlanNode parent, int input) {
        return cut.apply(parent, input);
      }

      @Override
      public SourceReader leaf(PlanNode node) {
        return leaf.apply(node);
      }
    };
  }

  /** A source or operator with the allocator the job gave it. */
  abstract static class Node {
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
    /** The reader as the receiving end of an exchange, or null for a connector's reader. */
    final ChannelReader channel;
    final Edge output;
    boolean active = true;
    /** The source has delivered the barrier of the pending checkpoint: it is not polled until the snapshot. */
    boolean barrier;
    long idleTimeoutNanos;
    long lastDataNanos;
    boolean idle;

    SourceNode(String name, SourceReader reader, Edge output) {
      super(name);
      this.reader = reader;
      this.channel = reader instanceof ChannelReader exchange ? exchange : null;
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
        topEnded = true;
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
