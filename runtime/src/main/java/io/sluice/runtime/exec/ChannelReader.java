package io.sluice.runtime.exec;

import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import java.util.Arrays;

/**
 * The receiving end of an exchange, read like a source: emits the batches of every sender
 * in arrival order, the minimum of the senders' watermarks whenever it advances, and ends
 * once every sender has ended.
 */
final class ChannelReader implements SourceReader {
  /** How long one poll waits for a message: short, so the pipeline stays responsive to cancellation. */
  private static final long WAIT_MICROS = 500;

  private final Channel channel;
  private final long[] watermarks;
  private final boolean[] ended;
  private int endedCount;
  private long watermark = Long.MIN_VALUE;

  ChannelReader(Channel channel) {
    this.channel = channel;
    this.watermarks = new long[channel.senders()];
    Arrays.fill(watermarks, Long.MIN_VALUE);
    this.ended = new boolean[channel.senders()];
  }

  @Override
  public void open(OperatorContext context) {}

  @Override
  public Status poll(Collector out) {
    Channel.Message message = channel.receive(WAIT_MICROS);
    if (message == null) {
      return Status.IDLE;
    }
    if (message.root() != null) {
      try {
        out.emit(new Batch(message.root()));
      } finally {
        message.pool().add(message.root());
      }
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
}
