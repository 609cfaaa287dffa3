package io.sluice.runtime.batch;

import io.sluice.plan.DataType;
import io.sluice.plan.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Row accessors that read cells as Java objects in the {@link io.sluice.plan.TypeKind}
 * representation (a ROW as a {@code Map} from field name to value in field order, an ARRAY
 * as a {@code List}); for clients at the edge (JDBC, shell, tests), never for operators.
 */
public final class Rows {
  private Rows() {}

  /** The cell's value in the Java representation of {@code type}'s kind, or null. */
  public static Object get(FieldVector vector, int row, DataType type) {
    if (vector.isNull(row)) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> ((BitVector) vector).get(row) != 0;
      case TINYINT -> ((TinyIntVector) vector).get(row);
      case SMALLINT -> ((SmallIntVector) vector).get(row);
      case INTEGER, INTERVAL_YEAR_MONTH -> ((IntVector) vector).get(row);
      case BIGINT, INTERVAL_DAY_TIME -> ((BigIntVector) vector).get(row);
      case FLOAT -> ((Float4Vector) vector).get(row);
      case DOUBLE -> ((Float8Vector) vector).get(row);
      case DECIMAL -> ((DecimalVector) vector).getObject(row);
      case VARCHAR -> new String(((VarCharVector) vector).get(row), java.nio.charset.StandardCharsets.UTF_8);
      case VARBINARY -> ((VarBinaryVector) vector).get(row);
      case DATE -> ((DateDayVector) vector).get(row);
      case TIME -> ((TimeMilliVector) vector).get(row);
      case TIMESTAMP -> ((TimeStampMilliVector) vector).get(row);
      case ROW -> {
        // Field name to value, in field order.
        StructVector struct = (StructVector) vector;
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        List<io.sluice.plan.Field> fields = type.fields();
        for (int f = 0; f < fields.size(); f++) {
          values.put(fields.get(f).name(), get((FieldVector) struct.getChildByOrdinal(f), row, fields.get(f).type()));
        }
        yield values;
      }
      case ARRAY -> {
        ListVector list = (ListVector) vector;
        List<Object> elements = new ArrayList<>();
        for (int e = list.getElementStartIndex(row); e < list.getElementEndIndex(row); e++) {
          elements.add(get(list.getDataVector(), e, type.elementType()));
        }
        yield elements;
      }
      case NULL -> null;
    };
  }

  /** Every row of {@code batch} as a list of cells, typed by {@code schema}. */
  public static List<List<Object>> toLists(Batch batch, Schema schema) {
    List<List<Object>> rows = new ArrayList<>(batch.rowCount());
    for (int row = 0; row < batch.rowCount(); row++) {
      Object[] cells = new Object[schema.size()];
      for (int c = 0; c < cells.length; c++) {
        cells[c] = get(batch.column(c), row, schema.type(c));
      }
      rows.add(Arrays.asList(cells));
    }
    return rows;
  }
}
