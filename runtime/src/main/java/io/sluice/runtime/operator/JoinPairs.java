package io.sluice.runtime.operator;

import java.util.Arrays;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The candidate pairs an arriving batch finds in a join's state, each a row of the arriving side
 * ("self") and a row of the other side, narrowed down to the matching pairs by the join's
 * residual condition.
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
   * Keeps the pairs the residual condition holds for, in order, evaluating it on
   * {@value JoinOutput#BATCH_ROWS} pairs at a time; without a residual condition every pair stays.
   */
  void retainMatches(boolean selfIsLeft, VectorSchemaRoot leftRows, VectorSchemaRoot rightRows) {
    if (residual == null) {
      return;
    }
    int kept = 0;
    for (int from = 0; from < count; from += JoinOutput.BATCH_ROWS) {
      int chunk = Math.min(JoinOutput.BATCH_ROWS, count - from);
      BitVector verdict = residual.evaluate(leftRows, selfIsLeft ? self : other, rightRows, selfIsLeft ? other : self,
          from, chunk);
      // Kept pairs move down to before this chunk, which the next evaluation does not read.
      for (int p = 0; p < chunk; p++) {
        if (JoinResidual.holds(verdict, p)) {
          self[kept] = self[from + p];
          other[kept] = other[from + p];
          kept++;
        }
      }
    }
    count = kept;
  }

  @Override
  public void close() {
    if (residual != null) {
      residual.close();
    }
  }
}
