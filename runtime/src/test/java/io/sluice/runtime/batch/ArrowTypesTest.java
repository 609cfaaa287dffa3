package io.sluice.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** Tests that plan types map to the Arrow types {@link TypeKind} documents, and back. */
class ArrowTypesTest {
  @Test
  void everyKindRoundTrips() {
    Schema schema = Schema.of(
        new Field("b", DataType.of(TypeKind.BOOLEAN)), new Field("t", DataType.of(TypeKind.TINYINT)),
        new Field("s", DataType.of(TypeKind.SMALLINT)), new Field("i", DataType.of(TypeKind.INTEGER).withNullable(false)),
        new Field("l", DataType.of(TypeKind.BIGINT)), new Field("f", DataType.of(TypeKind.FLOAT)),
        new Field("d", DataType.of(TypeKind.DOUBLE)), new Field("p", DataType.decimal(24, 3)),
        new Field("v", new DataType(TypeKind.VARCHAR, 10, 0, true)), new Field("u", DataType.of(TypeKind.VARCHAR)),
        new Field("y", DataType.of(TypeKind.VARBINARY)), new Field("dt", DataType.of(TypeKind.DATE)),
        new Field("tm", new DataType(TypeKind.TIME, 0, 0, true)), new Field("ts", new DataType(TypeKind.TIMESTAMP, 3, 0, false)),
        new Field("ym", DataType.of(TypeKind.INTERVAL_YEAR_MONTH)), new Field("dtm", DataType.of(TypeKind.INTERVAL_DAY_TIME)));
    assertEquals(schema, ArrowTypes.toSchema(ArrowTypes.toArrowSchema(schema)));
  }

  @Test
  void arrowTypesAreExact() {
    assertEquals(new ArrowType.Decimal(24, 3, 128), ArrowTypes.toArrowType(DataType.decimal(24, 3)));
    assertEquals(new ArrowType.Timestamp(TimeUnit.MILLISECOND, null), ArrowTypes.toArrowType(DataType.of(TypeKind.TIMESTAMP)));
    assertEquals(new ArrowType.Date(DateUnit.DAY), ArrowTypes.toArrowType(DataType.of(TypeKind.DATE)));
    assertEquals(new ArrowType.Int(32, true), ArrowTypes.toArrowType(DataType.of(TypeKind.INTERVAL_YEAR_MONTH)));
    assertEquals(ArrowType.Utf8.INSTANCE, ArrowTypes.toArrowType(DataType.of(TypeKind.VARCHAR)));
    assertEquals(false, ArrowTypes.toArrowField(new Field("x", DataType.of(TypeKind.BIGINT).withNullable(false))).isNullable());
  }
}
