package io.sluice.runtime.operator;

import java.util.Arrays;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The candidate pairs an arriving batch finds in a join's state, each a row of the arriving side
 * ("self") and a row of the other side, and the join's residual condition checked on them a
 * chunk at a time.
 */
final class JoinPairs implements AutoCloseable {
  private final JoinResidual residual;
  private int[] self = new int[JoinOutput.BATCH_ROWS];
  private int[] other = new int[JoinOutput.BATCH_ROWS];
  private int count;

  /** @param residual the join's residual condition, or null */
  JoinPairs(JoinResidual residual) {
    this.residual = residual;
  }

  void clear() {
    count = 0;
  }

  void add(int selfRow, int otherRow) {
    if (count == self.length) {
      self = Arrays.copyOf(self, count * 2);
      other = Arrays.copyOf(other, count * 2);
    }
    self[count] = selfRow;
    other[count] = otherRow;
    count++;
  }

  int count() {
    return count;
  }

  int self(int pair) {
    return self[pair];
  }

  int other(int pair) {
    return other[pair];
  }

  /**
   * The residual condition on the {@code count} pairs from {@code from}, pair {@code from + p}'s
   * verdict at {@code p} (see {@link JoinResidual#holds}); null without a residual condition.
   */
  BitVector check(boolean selfIsLeft, VectorSchemaRoot leftRows, VectorSchemaRoot rightRows, int from, int count) {
    if (residual == null) {
      return null;
    }
    return residual.evaluate(leftRows, selfIsLeft ? self : other, rightRows, selfIsLeft ? other : self, from, count);
  }

  @Override
  public void close() {
    if (residual != null) {
      residual.close();
    }
  }
}
