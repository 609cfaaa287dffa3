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
 * The output stage of a join in which each left row meets at most one right row (a temporal
 * or lookup join): it checks the residual condition on the candidate pairs, a batch at a
 * time, and gathers joined rows, or for a LEFT join NULL-padded rows, into output batches.
 */
final class SingleMatchOutput implements AutoCloseable {
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

  /**
   * @param left the left rows' schema; {@code right} the right rows' (without any row-kind column)
   * @param residual the condition over left then right columns, or null
   */
  SingleMatchOutput(Schema left, Schema right, ExprSpec residual, boolean padUnmatched, Schema output,
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
   * Emits the result of {@code count} left rows {@code leftRows[from...]} of {@code leftSource},
   * each with its candidate {@code rightRows[...]} of {@code rightSource} (-1: none), in order.
   */
  void emit(VectorSchemaRoot leftSource, VectorSchemaRoot rightSource, int[] leftRows, int[] rightRows, int count,
      Collector out) {
    for (int start = 0; start < count; start += BATCH_ROWS) {
      emitChunk(leftSource, rightSource, leftRows, rightRows, start, Math.min(BATCH_ROWS, count - start), out);
    }
  }

  private void emitChunk(VectorSchemaRoot leftSource, VectorSchemaRoot rightSource, int[] leftRows, int[] rightRows,
      int from, int count, Collector out) {
    BitVector verdict = null;
    if (residual != null) {
      int candidateCount = 0;
      for (int i = 0; i < count; i++) {
        if (rightRows[from + i] >= 0) {
          candidateLeft[candidateCount] = leftRows[from + i];
          candidateRight[candidateCount] = rightRows[from + i];
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
      verdict = (BitVector) verdicts.getVector(0);
    }
    int outCount = 0;
    int candidate = 0;
    for (int i = 0; i < count; i++) {
      int right = rightRows[from + i];
      if (right >= 0 && verdict != null) {
        boolean holds = !verdict.isNull(candidate) && verdict.get(candidate) != 0;
        candidate++;
        if (!holds) {
          right = -1;
        }
      }
      if (right < 0 && !padUnmatched) {
        continue;
      }
      outLeft[outCount] = leftRows[from + i];
      outRight[outCount] = right;
      outCount++;
    }
    if (outCount == 0) {
      return;
    }
    Vectors.prepareForReuse(output);
    Vectors.gatherColumns(leftSource, outLeft, 0, outCount, output, 0);
    Vectors.gatherColumns(rightSource, outRight, 0, outCount, output, leftSource.getFieldVectors().size());
    output.setRowCount(outCount);
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
