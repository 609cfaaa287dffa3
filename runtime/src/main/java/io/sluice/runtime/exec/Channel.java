package io.sluice.runtime.exec;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A bounded queue of messages from the instances of one fragment to one instance of the
 * next: a full queue blocks its senders (back-pressure). Each message names its sender, so
 * the receiver can merge watermarks, ends and checkpoint barriers per sender.
 */
final class Channel {
  /** Batches in flight per channel: enough to decouple threads, few enough to bound memory. */
  static final int CAPACITY = 8;

  /**
   * One item: a batch (whose root goes back to {@code pool} once read), a watermark, the
   * sender's end, or (when {@code barrier} is positive) the barrier of that checkpoint: every
   * message the sender sent before it belongs to the checkpoint, none after it.
   */
  record Message(int sender, VectorSchemaRoot root, java.util.Queue<VectorSchemaRoot> pool, long watermark,
      boolean end, long barrier) {
    Message(int sender, VectorSchemaRoot root, java.util.Queue<VectorSchemaRoot> pool, long watermark, boolean end) {
      this(sender, root, pool, watermark, end, 0);
    }

    static Message barrier(int sender, long checkpoint) {
      return new Message(sender, null, null, 0, false, checkpoint);
    }
  }

  private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final int senders;
  private volatile boolean discarding;

  Channel(int senders) {
    this.senders = senders;
  }

  int senders() {
    return senders;
  }

  /**
   * Waits for room, giving up (and returning false) once {@code stopped} says the job is ending;
   * once the receiver has stopped reading ({@link #discard}) the message is dropped at once.
   */
  boolean send(Message message, BooleanSupplier stopped) {
    try {
      while (!discarding) {
        if (queue.offer(message, 10, TimeUnit.MILLISECONDS)) {
          return true;
        }
        if (stopped.getAsBoolean()) {
          return false;
        }
      }
      recycle(message);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The next message, waiting at most {@code micros}; null if none arrived. */
  Message receive(long micros) {
    try {
      return queue.poll(micros, TimeUnit.MICROSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * The receiver needs nothing more (its consumer is satisfied, as a LIMIT is): drops what is
   * queued and everything sent from now on, so that a sender that also feeds other receivers
   * (a shared subplan) is never blocked by this one.
   */
  void discard() {
    discarding = true;
    Message message;
    while ((message = queue.poll()) != null) {
      recycle(message);
    }
  }

  /** Gives a dropped batch's root back to its sender's pool for reuse. */
  private static void recycle(Message message) {
    if (message.root() != null) {
      message.pool().add(message.root());
    }
  }

  /** Drops whatever is still queued (the job is ending; the senders own and close the roots). */
  void clear() {
    queue.clear();
  }
}
