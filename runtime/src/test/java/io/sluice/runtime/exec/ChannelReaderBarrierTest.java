package io.sluice.runtime.exec;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.operator.Collector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Barrier alignment at the receiving end of an exchange. */
class ChannelReaderBarrierTest {
  private static final Schema ONE = schema(field("v", TypeKind.BIGINT));

  private final RootAllocator allocator = new RootAllocator();
  private final Queue<VectorSchemaRoot> pool = new ConcurrentLinkedQueue<>();
  private final List<VectorSchemaRoot> roots = new ArrayList<>();

  @Test
  void messagesAfterASendersBarrierWaitUntilEverySenderDeliveredIt() {
    Channel channel = new Channel(3);
    ChannelReader reader = new ChannelReader(channel);
    List<String> seen = new ArrayList<>();
    Collector out = collector(seen);

    // The channel holds 8 messages: read after every few sends.
    batch(channel, 0, 1);
    barrier(channel, 0, 7);
    batch(channel, 0, 2);
    watermark(channel, 0, 500);
    batch(channel, 1, 10);
    pollNotAligned(reader, out, 5);
    barrier(channel, 1, 7);
    batch(channel, 2, 20);
    batch(channel, 1, 11);
    batch(channel, 0, 3);
    pollNotAligned(reader, out, 4);
    // Only what came before each sender's barrier (and sender 2's rows, whose barrier is still to come).
    assertEquals(List.of("1", "10", "20"), seen);

    barrier(channel, 2, 7);
    batch(channel, 2, 21);
    reader.poll(out);
    assertEquals(7, reader.aligned());
    assertEquals(List.of("1", "10", "20"), seen);

    reader.release();
    while (reader.poll(out) != io.sluice.runtime.connector.SourceReader.Status.IDLE) {
      // Drains the held-back messages, then the rest of the channel.
    }
    assertEquals(List.of("1", "10", "20", "2", "11", "3", "21"), seen);
    assertEquals(0, reader.aligned());
    close();
  }

  @Test
  void anEndedSenderCountsAsDelivered() {
    Channel channel = new Channel(2);
    ChannelReader reader = new ChannelReader(channel);
    List<String> seen = new ArrayList<>();
    Collector out = collector(seen);
    barrier(channel, 0, 3);
    batch(channel, 0, 1);
    batch(channel, 1, 5);
    end(channel, 1);
    for (int i = 0; i < 4; i++) {
      reader.poll(out);
    }
    assertEquals(3, reader.aligned());
    assertEquals(List.of("5"), seen);
    reader.release();
    reader.poll(out);
    assertEquals(List.of("5", "1"), seen);
    close();
  }

  /**
   * Random interleavings of three senders: whatever the order of arrival, the rows emitted
   * before alignment are exactly those each sender sent before its barrier, in its order,
   * and after the release every later row follows, still in each sender's order.
   */
  @Test
  void alignmentSplitsEverySendersStreamAtItsBarrier() {
    Random random = new Random(5);
    for (int round = 0; round < 200; round++) {
      Channel channel = new Channel(3);
      ChannelReader reader = new ChannelReader(channel);
      List<String> seen = new ArrayList<>();
      Collector out = collector(seen);
      int[] before = new int[3];
      int[] after = new int[3];
      List<String> expectedBefore = new ArrayList<>();
      for (int s = 0; s < 3; s++) {
        before[s] = random.nextInt(3);
        after[s] = random.nextInt(3);
      }
      // Each sender's stream: rows s*100+i before the barrier, then rows s*100+50+i.
      int[] sent = new int[3];
      int total = 0;
      for (int s = 0; s < 3; s++) {
        total += before[s] + 1 + after[s];
      }
      List<String> expectedAfter = new ArrayList<>();
      while (total > 0) {
        int s = random.nextInt(3);
        if (sent[s] == before[s] + 1 + after[s]) {
          continue;
        }
        if (sent[s] < before[s]) {
          batch(channel, s, s * 100 + sent[s]);
          expectedBefore.add(String.valueOf(s * 100 + sent[s]));
        } else if (sent[s] == before[s]) {
          barrier(channel, s, 1);
        } else {
          batch(channel, s, s * 100 + 50 + sent[s]);
          expectedAfter.add(String.valueOf(s * 100 + 50 + sent[s]));
        }
        sent[s]++;
        total--;
        // Keep the channel below its capacity: read as much as was sent.
        reader.poll(out);
      }
      while (reader.aligned() == 0) {
        reader.poll(out);
      }
      assertEquals(expectedBefore, seen.subList(0, expectedBefore.size()), "round " + round);
      assertEquals(expectedBefore.size(), seen.size(), "nothing after a barrier before alignment, round " + round);
      reader.release();
      while (reader.poll(out) != io.sluice.runtime.connector.SourceReader.Status.IDLE) {
        // Drains the rest.
      }
      List<String> later = seen.subList(expectedBefore.size(), seen.size());
      for (int s = 0; s < 3; s++) {
        int sender = s;
        assertEquals(expectedAfter.stream().filter(v -> Integer.parseInt(v) / 100 == sender).toList(),
            later.stream().filter(v -> Integer.parseInt(v) / 100 == sender).toList(), "round " + round);
      }
      assertEquals(expectedAfter.size(), later.size(), "round " + round);
    }
    close();
  }

  @Test
  void snapshotRecordsTheSendersWatermarksAndEnds() {
    Channel channel = new Channel(2);
    ChannelReader reader = new ChannelReader(channel);
    List<String> seen = new ArrayList<>();
    watermark(channel, 0, 100);
    end(channel, 1);
    reader.poll(collector(seen));
    reader.poll(collector(seen));
    StateWriter state = new StateWriter();
    reader.snapshot(state);

    Channel fresh = new Channel(2);
    ChannelReader restored = new ChannelReader(fresh);
    restored.restore(new StateReader(state.toByteArray()));
    List<Long> watermarks = new ArrayList<>();
    watermark(fresh, 0, 200);
    end(fresh, 0);
    assertEquals(io.sluice.runtime.connector.SourceReader.Status.MORE, restored.poll(watermarkCollector(watermarks)));
    // Sender 1 ended before the snapshot: sender 0 alone decides, and its end ends the reader.
    assertEquals(List.of(200L), watermarks);
    assertEquals(io.sluice.runtime.connector.SourceReader.Status.END, restored.poll(watermarkCollector(watermarks)));
    close();
  }

  private static void pollNotAligned(ChannelReader reader, Collector out, int polls) {
    for (int i = 0; i < polls; i++) {
      reader.poll(out);
      assertEquals(0, reader.aligned(), "sender 2 has not delivered the barrier");
    }
  }

  private Collector collector(List<String> seen) {
    return new Collector() {
      @Override
      public void emit(Batch batch) {
        seen.add(String.valueOf(((BigIntVector) batch.root().getVector(0)).get(0)));
      }

      @Override
      public void emitWatermark(long watermark) {}
    };
  }

  private static Collector watermarkCollector(List<Long> watermarks) {
    return new Collector() {
      @Override
      public void emit(Batch batch) {}

      @Override
      public void emitWatermark(long watermark) {
        watermarks.add(watermark);
      }
    };
  }

  private void batch(Channel channel, int sender, long value) {
    VectorSchemaRoot root = ArrowTypes.createRoot(ONE, allocator);
    roots.add(root);
    BigIntVector vector = (BigIntVector) root.getVector(0);
    vector.allocateNew(1);
    vector.set(0, value);
    root.setRowCount(1);
    channel.send(new Channel.Message(sender, root, pool, 0, false), () -> false);
  }

  private static void barrier(Channel channel, int sender, long checkpoint) {
    channel.send(Channel.Message.barrier(sender, checkpoint), () -> false);
  }

  private static void watermark(Channel channel, int sender, long watermark) {
    channel.send(new Channel.Message(sender, null, null, watermark, false), () -> false);
  }

  private static void end(Channel channel, int sender) {
    channel.send(new Channel.Message(sender, null, null, 0, true), () -> false);
  }

  private void close() {
    roots.forEach(VectorSchemaRoot::close);
    roots.clear();
    allocator.close();
  }
}
