package io.sluice.runtime.codegen;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.ScalarOp;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A test fixture that builds Arrow batches from rows of Java values, runs a compiled Calc
 * and reads the output back as rows; values use {@link TypeKind}'s Java representations.
 */
final class CalcFixture {
  private CalcFixture() {}

  static ExprSpec ref(int index, DataType type) {
    return new ExprSpec.InputRef(index, type);
  }

  static ExprSpec lit(Object value, DataType type) {
    return new ExprSpec.Literal(value, type);
  }

  static ExprSpec call(ScalarOp op, DataType type, ExprSpec... operands) {
    return new ExprSpec.Call(op, List.of(operands), type);
  }

  static DataType type(TypeKind kind) {
    return DataType.of(kind);
  }

  static DataType notNull(TypeKind kind) {
    return DataType.of(kind).withNullable(false);
  }

  /** Output field names f0, f1, ... with the projections' types. */
  static Schema outputSchema(List<ExprSpec> projections) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < projections.size(); i++) {
      fields.add(new Field("f" + i, projections.get(i).type()));
    }
    return new Schema(fields);
  }

  static VectorSchemaRoot batch(BufferAllocator allocator, Schema schema, List<Object[]> rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.toArrowSchema(schema), allocator);
    root.allocateNew();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < schema.size(); c++) {
        set(root.getVector(c), r, rows.get(r)[c]);
      }
    }
    root.setRowCount(rows.size());
    return root;
  }

  /** Compiles and evaluates the Calc over {@code rows}, returning the output rows. */
  static List<List<Object>> run(BufferAllocator allocator, Schema input, List<Object[]> rows,
      List<ExprSpec> projections, ExprSpec condition) {
    CompiledCalc calc = CalcCompiler.compile(input, projections, condition);
    try (VectorSchemaRoot in = batch(allocator, input, rows);
        VectorSchemaRoot out = VectorSchemaRoot.create(ArrowTypes.toArrowSchema(outputSchema(projections)), allocator)) {
      out.allocateNew();
      int count = calc.evaluate(in, out);
      if (count != out.getRowCount()) {
        throw new AssertionError("evaluate returned " + count + " but the output has " + out.getRowCount() + " rows");
      }
      return rows(out);
    }
  }

  static List<List<Object>> rows(VectorSchemaRoot root) {
    List<List<Object>> result = new ArrayList<>();
    for (int r = 0; r < root.getRowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector vector : root.getFieldVectors()) {
        row.add(get(vector, r));
      }
      result.add(row);
    }
    return result;
  }

  static Object get(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof BitVector v) {
      return v.get(index) != 0;
    }
    if (vector instanceof VarCharVector v) {
      return new String(v.get(index), StandardCharsets.UTF_8);
    }
    if (vector instanceof DateDayVector v) {
      return v.get(index);
    }
    if (vector instanceof TimeMilliVector v) {
      return v.get(index);
    }
    if (vector instanceof TimeStampMilliVector v) {
      return v.get(index);
    }
    return vector.getObject(index);
  }

  private static void set(FieldVector vector, int index, Object value) {
    if (value == null) {
      vector.setNull(index);
    } else if (vector instanceof BitVector v) {
      v.setSafe(index, (Boolean) value ? 1 : 0);
    } else if (vector instanceof TinyIntVector v) {
      v.setSafe(index, ((Number) value).byteValue());
    } else if (vector instanceof SmallIntVector v) {
      v.setSafe(index, ((Number) value).shortValue());
    } else if (vector instanceof IntVector v) {
      v.setSafe(index, ((Number) value).intValue());
    } else if (vector instanceof BigIntVector v) {
      v.setSafe(index, ((Number) value).longValue());
    } else if (vector instanceof Float4Vector v) {
      v.setSafe(index, ((Number) value).floatValue());
    } else if (vector instanceof Float8Vector v) {
      v.setSafe(index, ((Number) value).doubleValue());
    } else if (vector instanceof DecimalVector v) {
      v.setSafe(index, ((BigDecimal) value).setScale(v.getScale()));
    } else if (vector instanceof VarCharVector v) {
      v.setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof VarBinaryVector v) {
      v.setSafe(index, (byte[]) value);
    } else if (vector instanceof DateDayVector v) {
      v.setSafe(index, (Integer) value);
    } else if (vector instanceof TimeMilliVector v) {
      v.setSafe(index, (Integer) value);
    } else if (vector instanceof TimeStampMilliVector v) {
      v.setSafe(index, (Long) value);
    } else {
      throw new IllegalArgumentException("No setter for " + vector.getClass().getSimpleName() + " in " + Arrays.asList(value));
    }
  }
}
