package io.sluice.runtime.operator;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.codegen.CompiledCalc;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A join's residual condition (over the left then the right columns), evaluated on a batch of
 * candidate pairs at a time: the pairs' columns are gathered into one batch and the compiled
 * condition runs over it.
 */
final class JoinResidual implements AutoCloseable {
  private final CompiledCalc condition;
  private final VectorSchemaRoot candidates;
  private final VectorSchemaRoot verdicts;

  private JoinResidual(CompiledCalc condition, VectorSchemaRoot candidates, VectorSchemaRoot verdicts) {
    this.condition = condition;
    this.candidates = candidates;
    this.verdicts = verdicts;
  }

  /** The compiled {@code condition} over rows of {@code left} then {@code right}; null when there is none. */
  static JoinResidual compile(Schema left, Schema right, ExprSpec condition, CalcProvider calcs,
      BufferAllocator allocator) {
    if (condition == null) {
      return null;
    }
    List<Field> joined = new ArrayList<>(left.fields());
    joined.addAll(right.fields());
    Schema candidateSchema = new Schema(joined);
    CompiledCalc compiled = calcs.compile(candidateSchema, List.of(condition), null);
    VectorSchemaRoot candidates = ArrowTypes.createRoot(candidateSchema, allocator);
    VectorSchemaRoot verdicts = ArrowTypes.createRoot(Schema.of(new Field("matches", DataType.of(TypeKind.BOOLEAN))),
        allocator);
    return new JoinResidual(compiled, candidates, verdicts);
  }

  /**
   * The condition on the {@code count} pairs {@code (leftRows[i], rightRows[i])} from {@code from}:
   * the verdict of pair {@code from + p} is at {@code p}, valid until the next call.
   */
  BitVector evaluate(VectorSchemaRoot leftSource, int[] leftRows, VectorSchemaRoot rightSource, int[] rightRows,
      int from, int count) {
    Vectors.prepareForReuse(candidates);
    Vectors.gatherColumns(leftSource, leftRows, from, count, candidates, 0);
    Vectors.gatherColumns(rightSource, rightRows, from, count, candidates, leftSource.getFieldVectors().size());
    candidates.setRowCount(count);
    Vectors.prepareForReuse(verdicts);
    condition.evaluate(candidates, verdicts);
    return (BitVector) verdicts.getVector(0);
  }

  /** Whether verdict {@code p} is TRUE: NULL and FALSE reject the pair. */
  static boolean holds(BitVector verdict, int p) {
    return !verdict.isNull(p) && verdict.get(p) != 0;
  }

  @Override
  public void close() {
    candidates.close();
    verdicts.close();
  }
}
