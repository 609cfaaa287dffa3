package io.sluice.runtime.exec;

import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import java.util.List;

/**
 * The top of a fragment whose output has several uses (a shared subplan): hands every batch,
 * watermark, checkpoint barrier and end to one exchange sender per use. Each sender copies
 * what it sends, so the batch is shared read-only.
 */
final class FanOutSender implements BarrierSender {
  private final List<ExchangeSender> senders;

  FanOutSender(List<ExchangeSender> senders) {
    this.senders = List.copyOf(senders);
  }

  @Override
  public void sendBarrier(long checkpoint) {
    for (ExchangeSender sender : senders) {
      sender.sendBarrier(checkpoint);
    }
  }

  @Override
  public void open(OperatorContext context) {
    senders.forEach(sender -> sender.open(context));
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    for (ExchangeSender sender : senders) {
      sender.processBatch(input, batch, out);
    }
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    for (ExchangeSender sender : senders) {
      sender.processWatermark(watermark, out);
    }
  }

  @Override
  public void finish(Collector out) {
    for (ExchangeSender sender : senders) {
      sender.finish(out);
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (ExchangeSender sender : senders) {
      try {
        sender.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
