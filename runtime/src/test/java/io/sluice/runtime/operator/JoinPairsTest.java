package io.sluice.runtime.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.ScalarOp;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Narrowing candidate pairs by a residual condition across several evaluation chunks, in pair order. */
class JoinPairsTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final Schema LEFT = Schema.of(new Field("a", BIGINT));
  private static final Schema RIGHT = Schema.of(new Field("b", BIGINT));
  /** {@code a < b}: NULL when a is NULL, which rejects the pair as FALSE does. */
  private static final ExprSpec A_BELOW_B = new ExprSpec.Call(ScalarOp.LESS_THAN,
      List.of(new ExprSpec.InputRef(0, BIGINT), new ExprSpec.InputRef(1, BIGINT)), DataType.of(TypeKind.BOOLEAN));
  private static final int LEFT_ROWS = 97;
  private static final int RIGHT_ROWS = 113;

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void keepsExactlyThePairsTheConditionHoldsForInOrderAcrossChunks() {
    for (boolean selfIsLeft : new boolean[] {true, false}) {
      try (VectorSchemaRoot left = column(LEFT, LEFT_ROWS, 7, 5);
          VectorSchemaRoot right = column(RIGHT, RIGHT_ROWS, 11, -1);
          JoinPairs pairs = new JoinPairs(JoinResidual.compile(LEFT, RIGHT, A_BELOW_B, CalcProvider.COMPILER,
              allocator))) {
        // More pairs than one chunk holds, so that kept pairs move down across chunk boundaries.
        int total = JoinOutput.BATCH_ROWS * 2 + 123;
        List<List<Integer>> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
          int leftRow = i % LEFT_ROWS;
          int rightRow = (i * 31) % RIGHT_ROWS;
          pairs.add(selfIsLeft ? leftRow : rightRow, selfIsLeft ? rightRow : leftRow);
          BigIntVector a = (BigIntVector) left.getVector(0);
          if (!a.isNull(leftRow) && a.get(leftRow) < ((BigIntVector) right.getVector(0)).get(rightRow)) {
            expected.add(List.of(leftRow, rightRow));
          }
        }
        pairs.retainMatches(selfIsLeft, left, right);
        List<List<Integer>> kept = new ArrayList<>();
        for (int p = 0; p < pairs.count(); p++) {
          kept.add(selfIsLeft ? List.of(pairs.self(p), pairs.other(p)) : List.of(pairs.other(p), pairs.self(p)));
        }
        assertEquals(expected, kept, "self is " + (selfIsLeft ? "left" : "right"));
      }
    }
  }

  @Test
  void withoutAResidualConditionEveryPairStays() {
    try (VectorSchemaRoot left = column(LEFT, LEFT_ROWS, 7, 5);
        VectorSchemaRoot right = column(RIGHT, RIGHT_ROWS, 11, -1);
        JoinPairs pairs = new JoinPairs(JoinResidual.compile(LEFT, RIGHT, null, CalcProvider.COMPILER, allocator))) {
      for (int i = 0; i < 10; i++) {
        pairs.add(i, 9 - i);
      }
      pairs.retainMatches(true, left, right);
      assertEquals(10, pairs.count());
      assertEquals(3, pairs.self(3));
      assertEquals(6, pairs.other(3));
    }
  }

  /** A one-column root of {@code rows} values {@code (row * step) % 100}, NULL at every {@code nullEvery}th row. */
  private VectorSchemaRoot column(Schema schema, int rows, int step, int nullEvery) {
    VectorSchemaRoot root = ArrowTypes.createRoot(schema, allocator);
    BigIntVector vector = (BigIntVector) root.getVector(0);
    for (int r = 0; r < rows; r++) {
      if (nullEvery > 0 && r % nullEvery == 0) {
        vector.setNull(r);
      } else {
        vector.setSafe(r, (r * step) % 100);
      }
    }
    root.setRowCount(rows);
    return root;
  }
}
