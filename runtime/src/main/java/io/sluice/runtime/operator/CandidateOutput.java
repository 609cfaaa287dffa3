package io.sluice.runtime.operator;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The output stage of a join that finds each left row's candidate right rows itself (a
 * temporal join: at most one version; a lookup join: every table row with the key): it checks
 * the residual condition on the candidate pairs, a batch at a time, and gathers joined rows,
 * or for a LEFT join a NULL-padded row per left row without any joined one, into output batches.
 */
final class CandidateOutput implements AutoCloseable {
  static final int BATCH_ROWS = JoinOutput.BATCH_ROWS;

  private final boolean padUnmatched;
  private final JoinOutput output;
  private final JoinResidual residual;
  private final int[] candidateLeft = new int[BATCH_ROWS];
  private final int[] candidateRight = new int[BATCH_ROWS];

  /**
   * @param left the left rows' schema; {@code right} the right rows' (without any row-kind column)
   * @param residual the condition over left then right columns, or null
   */
  CandidateOutput(Schema left, Schema right, ExprSpec residual, boolean padUnmatched, Schema output,
      CalcProvider calcs, BufferAllocator allocator) {
    this.padUnmatched = padUnmatched;
    this.output = new JoinOutput(output, true, false, allocator);
    this.residual = JoinResidual.compile(left, right, residual, calcs, allocator);
  }

  /**
   * Emits the result of the {@code count} pairs {@code (leftRows[i], rightRows[i])} of rows of
   * {@code leftSource} and {@code rightSource}, in order. Consecutive pairs with the same left
   * row are that row's candidates; a right row of -1 stands for none (a left row without
   * candidates is listed once, with -1).
   */
  void emit(VectorSchemaRoot leftSource, VectorSchemaRoot rightSource, int[] leftRows, int[] rightRows, int count,
      Collector out) {
    int runLeft = -1;
    boolean runJoined = false;
    for (int start = 0; start < count; start += BATCH_ROWS) {
      int chunk = Math.min(BATCH_ROWS, count - start);
      BitVector verdict = residual == null ? null : check(leftSource, rightSource, leftRows, rightRows, start, chunk);
      int candidate = 0;
      for (int i = start; i < start + chunk; i++) {
        int left = leftRows[i];
        int right = rightRows[i];
        if (left != runLeft) {
          if (runLeft >= 0 && !runJoined && padUnmatched) {
            add(runLeft, -1, leftSource, rightSource, out);
          }
          runLeft = left;
          runJoined = false;
        }
        if (right >= 0 && verdict != null && !JoinResidual.holds(verdict, candidate++)) {
          right = -1;
        }
        if (right >= 0) {
          add(left, right, leftSource, rightSource, out);
          runJoined = true;
        }
      }
    }
    if (runLeft >= 0 && !runJoined && padUnmatched) {
      add(runLeft, -1, leftSource, rightSource, out);
    }
    output.flush(leftSource, rightSource, out);
  }

  /** Evaluates the residual on the chunk's pairs that have a right row, in order. */
  private BitVector check(VectorSchemaRoot leftSource, VectorSchemaRoot rightSource, int[] leftRows,
      int[] rightRows, int from, int count) {
    int candidateCount = 0;
    for (int i = from; i < from + count; i++) {
      if (rightRows[i] >= 0) {
        candidateLeft[candidateCount] = leftRows[i];
        candidateRight[candidateCount] = rightRows[i];
        candidateCount++;
      }
    }
    return residual.evaluate(leftSource, candidateLeft, rightSource, candidateRight, 0, candidateCount);
  }

  private void add(int left, int right, VectorSchemaRoot leftSource, VectorSchemaRoot rightSource, Collector out) {
    if (output.add(left, right)) {
      output.flush(leftSource, rightSource, out);
    }
  }

  @Override
  public void close() {
    output.close();
    if (residual != null) {
      residual.close();
    }
  }
}
