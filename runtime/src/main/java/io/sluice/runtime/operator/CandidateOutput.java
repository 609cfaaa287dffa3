package io.sluice.runtime.operator;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.codegen.CompiledCalc;
import java.util.ArrayList;
import java.util.List;
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
  static final int BATCH_ROWS = HashJoinOperator.BATCH_ROWS;

  private final boolean padUnmatched;
  private final VectorSchemaRoot output;
  private final CompiledCalc residual;
  private final VectorSchemaRoot candidates;
  private final VectorSchemaRoot verdicts;
  private final int[] candidateLeft = new int[BATCH_ROWS];
  private final int[] candidateRight = new int[BATCH_ROWS];
  private final int[] outLeft = new int[BATCH_ROWS];
  private final int[] outRight = new int[BATCH_ROWS];
  private int outCount;

  /**
   * @param left the left rows' schema; {@code right} the right rows' (without any row-kind column)
   * @param residual the condition over left then right columns, or null
   */
  CandidateOutput(Schema left, Schema right, ExprSpec residual, boolean padUnmatched, Schema output,
      CalcProvider calcs, BufferAllocator allocator) {
    this.padUnmatched = padUnmatched;
    this.output = ArrowTypes.createRoot(output, allocator);
    if (residual == null) {
      this.residual = null;
      this.candidates = null;
      this.verdicts = null;
    } else {
      List<Field> joined = new ArrayList<>(left.fields());
      joined.addAll(right.fields());
      Schema candidateSchema = new Schema(joined);
      this.residual = calcs.compile(candidateSchema, List.of(residual), null);
      this.candidates = ArrowTypes.createRoot(candidateSchema, allocator);
      this.verdicts = ArrowTypes.createRoot(Schema.of(new Field("matches", DataType.of(TypeKind.BOOLEAN))),
          allocator);
    }
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
        if (right >= 0 && verdict != null) {
          boolean holds = !verdict.isNull(candidate) && verdict.get(candidate) != 0;
          candidate++;
          if (!holds) {
            right = -1;
          }
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
    flush(leftSource, rightSource, out);
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
    Vectors.prepareForReuse(candidates);
    Vectors.gatherColumns(leftSource, candidateLeft, 0, candidateCount, candidates, 0);
    Vectors.gatherColumns(rightSource, candidateRight, 0, candidateCount, candidates,
        leftSource.getFieldVectors().size());
    candidates.setRowCount(candidateCount);
    Vectors.prepareForReuse(verdicts);
    residual.evaluate(candidates, verdicts);
    return (BitVector) verdicts.getVector(0);
  }

  private void add(int left, int right, VectorSchemaRoot leftSource, VectorSchemaRoot rightSource, Collector out) {
    if (outCount == BATCH_ROWS) {
      flush(leftSource, rightSource, out);
    }
    outLeft[outCount] = left;
    outRight[outCount] = right;
    outCount++;
  }

  private void flush(VectorSchemaRoot leftSource, VectorSchemaRoot rightSource, Collector out) {
    if (outCount == 0) {
      return;
    }
    Vectors.prepareForReuse(output);
    Vectors.gatherColumns(leftSource, outLeft, 0, outCount, output, 0);
    Vectors.gatherColumns(rightSource, outRight, 0, outCount, output, leftSource.getFieldVectors().size());
    output.setRowCount(outCount);
    outCount = 0;
    out.emit(new Batch(output));
  }

  @Override
  public void close() {
    for (VectorSchemaRoot root : new VectorSchemaRoot[] {output, candidates, verdicts}) {
      if (root != null) {
        root.close();
      }
    }
  }
}
