package io.sluice.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A harness that drives an operator through a fixed sequence of batches and watermarks,
 * either straight or replacing it after every few steps by a fresh instance restored from
 * its snapshot (as a restarted job would), and returns what it emitted.
 */
public final class CheckpointRoundTrip {
  /** One input event: a batch of rows on input {@code input}, or (rows null) a watermark. */
  public record Step(int input, List<List<Object>> rows, long watermark) {
    public static Step batch(int input, List<List<Object>> rows) {
      return new Step(input, rows, Long.MIN_VALUE);
    }

    public static Step watermark(long watermark) {
      return new Step(-1, null, watermark);
    }
  }

  private CheckpointRoundTrip() {}

  /**
   * Runs {@code steps} straight and again with a snapshot and restore into a new operator
   * after every {@code restoreEvery} steps, asserts that both emitted the same rows in the
   * same order, and returns them.
   */
  public static List<List<Object>> assertSameAfterRestores(Supplier<StreamOperator> operators, List<Schema> inputs,
      Schema output, List<Step> steps, int restoreEvery) {
    List<List<Object>> straight = run(operators, inputs, output, steps, 0);
    List<List<Object>> restored = run(operators, inputs, output, steps, restoreEvery);
    List<List<Object>> snapshotted = run(operators, inputs, output, steps, -restoreEvery);
    assertTrue(!straight.isEmpty(), "the steps produce output");
    assertEquals(straight, restored, "output after restores every " + restoreEvery + " steps");
    assertEquals(straight, snapshotted, "output of an operator that went on after snapshots every "
        + restoreEvery + " steps");
    return straight;
  }

  /**
   * The rows {@code steps} make the operator emit, restoring it every {@code restoreEvery}
   * steps (0: never; a negative number: snapshots every {@code -restoreEvery} steps, but the
   * operator that took them goes on, as it does in a running job).
   */
  public static List<List<Object>> run(Supplier<StreamOperator> operators, List<Schema> inputs, Schema output,
      List<Step> steps, int restoreEvery) {
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      Collector collector = new Collector() {
        @Override
        public void emit(Batch batch) {
          out.addAll(Rows.toLists(batch, output));
        }

        @Override
        public void emitWatermark(long watermark) {}
      };
      StreamOperator operator = open(operators, allocator);
      // The shared blobs of every snapshot so far, as a checkpoint store keeps them.
      Map<String, byte[]> blobs = new HashMap<>();
      try {
        long checkpoint = 0;
        for (int i = 0; i < steps.size(); i++) {
          Step step = steps.get(i);
          if (step.rows() == null) {
            operator.processWatermark(step.watermark(), collector);
          } else {
            feed(operator, allocator, inputs.get(step.input()), step.input(), step.rows(), collector);
          }
          if (restoreEvery != 0 && (i + 1) % Math.abs(restoreEvery) == 0) {
            StateWriter state = new StateWriter();
            operator.snapshot(++checkpoint, state);
            keepBlobs(state, blobs);
            if (restoreEvery > 0) {
              operator.close();
              operator = open(operators, allocator);
              operator.restore(checkpoint, new StateReader(state.toByteArray(), blobs));
            }
          }
        }
        operator.processWatermark(Long.MAX_VALUE, collector);
        operator.finish(collector);
      } finally {
        operator.close();
      }
      assertEquals(0, allocator.getAllocatedMemory(), "operator leaked Arrow memory");
    }
    return out;
  }

  /** Adds a snapshot's new blobs to {@code blobs}, checking that it refers only to blobs written earlier. */
  public static void keepBlobs(StateWriter state, Map<String, byte[]> blobs) {
    state.blobEntries().forEach((name, content) -> {
      if (content == StateWriter.EARLIER_BLOB) {
        assertTrue(blobs.containsKey(name), "a snapshot refers to " + name + ", which no earlier one added");
      } else {
        assertTrue(blobs.putIfAbsent(name, content.toByteArray()) == null, "blob " + name + " was added twice");
      }
    });
  }

  private static StreamOperator open(Supplier<StreamOperator> operators, BufferAllocator allocator) {
    StreamOperator operator = operators.get();
    operator.open(new OperatorContext("op", allocator, new JobMetrics(), Map.of()));
    assertTrue(operator.supportsCheckpoints(), operator.getClass().getSimpleName() + " refuses checkpoints");
    return operator;
  }

  private static void feed(StreamOperator operator, BufferAllocator allocator, Schema schema, int input,
      List<List<Object>> rows, Collector out) {
    TestTables.feed(operator, input, schema, rows, allocator, out);
  }
}
