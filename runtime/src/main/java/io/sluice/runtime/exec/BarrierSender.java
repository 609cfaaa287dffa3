package io.sluice.runtime.exec;

import io.sluice.runtime.operator.StreamOperator;

/** The top of a fragment that feeds exchanges: after its pipeline's snapshot it sends the checkpoint barrier on. */
interface BarrierSender extends StreamOperator {
  /** Sends the barrier of checkpoint {@code checkpoint} to every receiver, after everything sent before it. */
  void sendBarrier(long checkpoint);
}
