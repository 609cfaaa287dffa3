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
 * Watermarks go to every receiver; when its input ends it tells every receiver so.
 */
final class ExchangeSender implements StreamOperator {
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
    for (int t = 0; t < targets.size(); t++) {
      VectorSchemaRoot copy = null;
      int written = 0;
      for (int r = 0; r < rows; r++) {
        if (targetOf[r] == t) {
          if (copy == null) {
            copy = take(t);
          }
          for (int c = 0; c < source.getFieldVectors().size(); c++) {
            copy.getVector(c).copyFromSafe(r, written, source.getVector(c));
          }
          written++;
        }
      }
      if (copy != null) {
        copy.setRowCount(written);
        send(t, copy);
      }
    }
  }

  /** Computes each row's receiver from the hash of its key columns. */
  private void route(VectorSchemaRoot source, int rows) {
    if (targetOf.length < rows) {
      targetOf = new int[rows];
      hashes = new int[rows];
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
    for (int r = 0; r < rows; r++) {
      to.copyFromSafe(r, r, from);
    }
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
