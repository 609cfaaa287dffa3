package io.sluice.runtime.exec;

import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The receiving end of an exchange, read like a source: emits the batches of every sender
 * in arrival order, the minimum of the senders' watermarks whenever it advances, and ends
 * once every sender has ended.
 *
 * <p>Checkpoint barriers are aligned: once a sender's barrier has arrived, that sender's
 * later messages are held back, in order and unprocessed, until every sender has delivered
 * the barrier (or ended). The reader then reports the checkpoint as {@linkplain #aligned()
 * aligned}; the pipeline snapshots and {@linkplain #release() releases} it, and the held-back
 * messages come first in the polls that follow.
 */
final class ChannelReader implements SourceReader {
  /** How long one poll waits for a message: short, so the pipeline stays responsive to cancellation. */
  private static final long WAIT_MICROS = 500;

  private final Channel channel;
  private final long[] watermarks;
  private final boolean[] ended;
  private int endedCount;
  private long watermark = Long.MIN_VALUE;
  /** The checkpoint whose barrier some sender has delivered, or 0. */
  private long barrier;
  /** Per sender: its barrier for {@link #barrier} has arrived. */
  private final boolean[] delivered;
  /** Messages of senders that delivered the barrier, arrived while the others had not. */
  private final ArrayDeque<Channel.Message> held = new ArrayDeque<>();
  /** Held-back messages still to be replayed after a release, before the channel is read again. */
  private int replaying;

  ChannelReader(Channel channel) {
    this.channel = channel;
    this.watermarks = new long[channel.senders()];
    Arrays.fill(watermarks, Long.MIN_VALUE);
    this.ended = new boolean[channel.senders()];
    this.delivered = new boolean[channel.senders()];
  }

  @Override
  public void open(OperatorContext context) {}

  @Override
  public Status poll(Collector out) {
    Channel.Message message;
    if (replaying > 0) {
      replaying--;
      message = held.poll();
    } else {
      message = channel.receive(WAIT_MICROS);
      if (message == null) {
        return Status.IDLE;
      }
    }
    if (barrier != 0 && delivered[message.sender()]) {
      held.add(message);
      return Status.MORE;
    }
    if (message.root() != null) {
      try {
        out.emit(new Batch(message.root()));
      } finally {
        message.pool().add(message.root());
      }
    } else if (message.barrier() != 0) {
      deliver(message.sender(), message.barrier());
    } else if (message.end()) {
      ended[message.sender()] = true;
      endedCount++;
      if (endedCount == ended.length) {
        return Status.END;
      }
      advance(out);
    } else {
      watermarks[message.sender()] = Math.max(watermarks[message.sender()], message.watermark());
      advance(out);
    }
    return Status.MORE;
  }

  private void deliver(int sender, long checkpoint) {
    if (barrier != 0 && barrier != checkpoint) {
      throw new IllegalStateException("Barrier of checkpoint " + checkpoint + " arrived while aligning checkpoint "
          + barrier);
    }
    barrier = checkpoint;
    delivered[sender] = true;
  }

  /**
   * The checkpoint whose barrier every sender has delivered or ended before, or 0 while none
   * is aligned. An ended sender counts as delivered: everything it sent has arrived.
   */
  long aligned() {
    if (barrier == 0) {
      return 0;
    }
    for (int i = 0; i < delivered.length; i++) {
      if (!delivered[i] && !ended[i]) {
        return 0;
      }
    }
    return barrier;
  }

  /** Stops reading: the senders' later messages are dropped instead of queued (see {@link Channel#discard}). */
  void discard() {
    channel.discard();
  }

  /** The pipeline has snapshotted the aligned checkpoint: held-back messages are processed next. */
  void release() {
    barrier = 0;
    Arrays.fill(delivered, false);
    replaying = held.size();
  }

  /** Emits the minimum watermark over the senders that have not ended, if it advanced. */
  private void advance(Collector out) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < watermarks.length; i++) {
      if (!ended[i]) {
        min = Math.min(min, watermarks[i]);
      }
    }
    if (min > watermark && min != Long.MIN_VALUE) {
      watermark = min;
      out.emitWatermark(min);
    }
  }

  @Override
  public boolean supportsCheckpoints() {
    return true;
  }

  /**
   * Records the senders' watermarks and ends as of the aligned barrier; held-back messages
   * come after the barrier, so the restored senders send them again.
   */
  @Override
  public void snapshot(StateWriter state) {
    state.writeInt(watermarks.length);
    for (int i = 0; i < watermarks.length; i++) {
      state.writeLong(watermarks[i]);
      state.writeBoolean(ended[i]);
    }
    state.writeLong(watermark);
  }

  @Override
  public void restore(StateReader state) {
    int senders = state.readInt();
    if (senders != watermarks.length) {
      throw new IllegalStateException("The checkpoint has " + senders + " senders for an exchange that now has "
          + watermarks.length);
    }
    endedCount = 0;
    for (int i = 0; i < senders; i++) {
      watermarks[i] = state.readLong();
      ended[i] = state.readBoolean();
      endedCount += ended[i] ? 1 : 0;
    }
    watermark = state.readLong();
  }
}
