package io.sluice.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SinkSpec;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.connector.ConnectorFactory;
import io.sluice.runtime.connector.Connectors;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * Two sources under a UNION ALL, one of which falls silent: with
 * {@code 'scan.watermark.idle-timeout'} the silent one stops holding the watermark back;
 * without it, the watermark waits for it.
 */
class IdleSourceTest {
  private static final Schema SCHEMA = Schema.of(new Field("t", DataType.of(TypeKind.BIGINT)));
  /** The watermark the silent source announces before it falls silent. */
  private static final long SILENT_WATERMARK = 1_000;

  @Test
  void idleSourceStopsHoldingBackTheWatermark() {
    long highest = run(Map.of(Job.IDLE_TIMEOUT_OPTION, "20 ms"));
    assertTrue(highest > SILENT_WATERMARK, "watermark " + highest + " should pass the idle source's");
  }

  @Test
  void withoutIdleTimeoutTheSilentSourceHoldsTheWatermark() {
    assertEquals(SILENT_WATERMARK, run(Map.of()));
  }

  /** Runs the union until the busy source ends; returns the highest watermark the sink saw before the end. */
  private static long run(Map<String, String> silentOptions) {
    AtomicBoolean busyEnded = new AtomicBoolean();
    AtomicLong highest = new AtomicLong(Long.MIN_VALUE);
    Map<String, String> options = new HashMap<>(silentOptions);
    options.put("connector", "scripted");
    TableSpec busy = new TableSpec("busy", SCHEMA, Map.of("connector", "scripted"), null, List.of());
    TableSpec silent = new TableSpec("silent", SCHEMA, options, null, List.of());
    TableSpec probe = new TableSpec("probe", SCHEMA, Map.of("connector", "scripted"), null, List.of());
    PlanNode union = new PlanNode.Union(List.of(
        new PlanNode.Scan(busy, List.of(0), null, SCHEMA), new PlanNode.Scan(silent, List.of(0), null, SCHEMA)), SCHEMA);
    Connectors connectors = new Connectors().register(new Scripted(busyEnded, highest));
    new JobBuilder(new PhysicalPlan(union, new SinkSpec.Table(probe))).connectors(connectors).build().run();
    return highest.get();
  }

  /**
   * A test connector: table 'busy' emits a row and a rising watermark every poll for 200 ms;
   * table 'silent' emits one row with watermark {@value #SILENT_WATERMARK}, then nothing until
   * 'busy' has ended. Its sink records the highest watermark it receives.
   */
  private record Scripted(AtomicBoolean busyEnded, AtomicLong highest) implements ConnectorFactory {
    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public SourceReader createReader(PlanNode.Scan scan) {
      boolean isBusy = scan.table().name().equals("busy");
      return new SourceReader() {
        private VectorSchemaRoot root;
        private long startNanos;
        private long polls;

        @Override
        public void open(OperatorContext context) {
          root = ArrowTypes.createRoot(SCHEMA, context.allocator());
          startNanos = System.nanoTime();
        }

        @Override
        public Status poll(Collector out) {
          if (isBusy) {
            if (System.nanoTime() - startNanos > 200_000_000L) {
              busyEnded.set(true);
              return Status.END;
            }
            emit(out, SILENT_WATERMARK + ++polls);
            sleepBriefly();
            return Status.MORE;
          }
          if (polls++ == 0) {
            emit(out, SILENT_WATERMARK);
            return Status.MORE;
          }
          return busyEnded.get() ? Status.END : Status.IDLE;
        }

        private void emit(Collector out, long time) {
          ((BigIntVector) root.getVector(0)).setSafe(0, time);
          root.setRowCount(1);
          out.emit(new Batch(root));
          out.emitWatermark(time);
        }

        @Override
        public void close() {
          root.close();
        }
      };
    }

    private static void sleepBriefly() {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public StreamOperator createSink(TableSpec table) {
      return new StreamOperator() {
        @Override
        public void open(OperatorContext context) {}

        @Override
        public void processBatch(int input, Batch batch, Collector out) {}

        @Override
        public void processWatermark(long watermark, Collector out) {
          highest.accumulateAndGet(watermark, Math::max);
        }
      };
    }
  }
}
