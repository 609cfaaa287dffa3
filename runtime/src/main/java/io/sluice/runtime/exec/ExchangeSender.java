package io.sluice.runtime.exec;

import io.sluice.plan.Schema;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The sending end of an exchange, the top operator of a fragment instance: copies each
 * batch into roots it owns and queues them to the receiving instances, either all rows to
 * one receiver (gather) or each row to the receiver chosen by the hash of its key columns.
 * Watermarks and checkpoint barriers go to every receiver; when its input ends it tells
 * every receiver so.
 */
final class ExchangeSender implements BarrierSender {
  private final Schema schema;
  private final List<Channel> targets;
  private final int sender;
  private final int[] keys;
  private final BooleanSupplier stopped;
  /** Per target: roots the receiver has given back, ready for reuse. */
  private final List<Queue<VectorSchemaRoot>> pools = new ArrayList<>();
  private final List<VectorSchemaRoot> owned = new ArrayList<>();
  private BufferAllocator allocator;
  private int[] targetOf = new int[0];
  private int[] hashes = new int[0];
  /** Row indices grouped by target: target t's rows are order[starts[t], starts[t] + counts[t]). */
  private int[] order = new int[0];
  private int[] counts;
  private int[] starts;
  private int[] fill;

  /**
   * @param keys the key columns to hash-partition on, or null to send everything to the single target
   */
  ExchangeSender(Schema schema, List<Channel> targets, int sender, int[] keys, BooleanSupplier stopped) {
    if (keys == null && targets.size() != 1) {
      throw new IllegalArgumentException("an exchange without keys has exactly one target");
    }
    this.schema = schema;
    this.targets = targets;
    this.sender = sender;
    this.keys = keys;
    this.stopped = stopped;
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    for (int i = 0; i < targets.size(); i++) {
      pools.add(new ConcurrentLinkedQueue<>());
    }
    counts = new int[targets.size()];
    starts = new int[targets.size()];
    fill = new int[targets.size()];
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    VectorSchemaRoot source = batch.root();
    int rows = source.getRowCount();
    if (keys == null || targets.size() == 1) {
      VectorSchemaRoot copy = take(0);
      for (int c = 0; c < source.getFieldVectors().size(); c++) {
        copyAll(source.getVector(c), copy.getVector(c), rows);
      }
      copy.setRowCount(rows);
      send(0, copy);
      return;
    }
    route(source, rows);
    // Group row indices per target, then gather column by column: one pass per column keeps
    // the source and target buffers hot and dispatches on the vector type once per batch.
    int n = targets.size();
    java.util.Arrays.fill(counts, 0, n, 0);
    for (int r = 0; r < rows; r++) {
      counts[targetOf[r]]++;
    }
    int start = 0;
    for (int t = 0; t < n; t++) {
      starts[t] = start;
      start += counts[t];
      fill[t] = starts[t];
    }
    for (int r = 0; r < rows; r++) {
      order[fill[targetOf[r]]++] = r;
    }
    int columns = source.getFieldVectors().size();
    for (int t = 0; t < n; t++) {
      if (counts[t] == 0) {
        continue;
      }
      VectorSchemaRoot copy = take(t);
      for (int c = 0; c < columns; c++) {
        Vectors.gather(source.getVector(c), order, starts[t], counts[t], copy.getVector(c), 0);
      }
      copy.setRowCount(counts[t]);
      send(t, copy);
    }
  }

  /** Computes each row's receiver from the hash of its key columns. */
  private void route(VectorSchemaRoot source, int rows) {
    if (targetOf.length < rows) {
      targetOf = new int[rows];
      hashes = new int[rows];
      order = new int[rows];
    }
    java.util.Arrays.fill(hashes, 0, rows, 0);
    for (int key : keys) {
      FieldVector vector = source.getVector(key);
      for (int r = 0; r < rows; r++) {
        hashes[r] = hashes[r] * 31 + (vector.isNull(r) ? 0 : vector.hashCode(r));
      }
    }
    int n = targets.size();
    for (int r = 0; r < rows; r++) {
      // Scramble: Arrow's per-value hashes of small integers are not well spread.
      int h = hashes[r] * 0x9e3779b9;
      targetOf[r] = Math.floorMod(h ^ (h >>> 16), n);
    }
  }

  private static void copyAll(FieldVector from, FieldVector to, int rows) {
    Vectors.copyRange(from, 0, rows, to, 0);
  }

  /** A root for target {@code t}: a returned one, or a new one. */
  private VectorSchemaRoot take(int t) {
    VectorSchemaRoot root = pools.get(t).poll();
    if (root == null) {
      root = ArrowTypes.createRoot(schema, allocator);
      synchronized (owned) {
        owned.add(root);
      }
    }
    Vectors.prepareForReuse(root);
    return root;
  }

  private void send(int target, VectorSchemaRoot root) {
    targets.get(target).send(new Channel.Message(sender, root, pools.get(target), 0, false), stopped);
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    for (Channel target : targets) {
      target.send(new Channel.Message(sender, null, null, watermark, false), stopped);
    }
  }

  /** Sends the barrier of checkpoint {@code checkpoint} to every receiver, after everything sent before it. */
  @Override
  public void sendBarrier(long checkpoint) {
    for (Channel target : targets) {
      target.send(Channel.Message.barrier(sender, checkpoint), stopped);
    }
  }

  @Override
  public void finish(Collector out) {
    for (Channel target : targets) {
      target.send(new Channel.Message(sender, null, null, 0, true), stopped);
    }
  }

  @Override
  public void close() {
    synchronized (owned) {
      owned.forEach(VectorSchemaRoot::close);
      owned.clear();
    }
  }
}
