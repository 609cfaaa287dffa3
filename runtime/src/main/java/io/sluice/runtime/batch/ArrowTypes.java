package io.sluice.runtime.batch;

import io.sluice.plan.DataType;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Mapping from plan schemas and types to their Arrow representation (see {@link io.sluice.plan.TypeKind}). */
public final class ArrowTypes {
  /** Precision used for a DECIMAL whose type leaves it unspecified. */
  private static final int MAX_DECIMAL_PRECISION = 38;

  private ArrowTypes() {}

  public static Schema toArrowSchema(io.sluice.plan.Schema schema) {
    return new Schema(schema.fields().stream().map(ArrowTypes::toArrowField).toList());
  }

  public static Field toArrowField(io.sluice.plan.Field field) {
    return new Field(field.name(), new FieldType(field.type().nullable(), toArrowType(field.type()), null), List.of());
  }

  public static ArrowType toArrowType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case TINYINT -> new ArrowType.Int(8, true);
      case SMALLINT -> new ArrowType.Int(16, true);
      case INTEGER, INTERVAL_YEAR_MONTH -> new ArrowType.Int(32, true);
      case BIGINT, INTERVAL_DAY_TIME -> new ArrowType.Int(64, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(
          type.precision() <= 0 ? MAX_DECIMAL_PRECISION : type.precision(), type.scale(), 128);
      case VARCHAR -> ArrowType.Utf8.INSTANCE;
      case VARBINARY -> ArrowType.Binary.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      case NULL -> throw new IllegalArgumentException("the NULL type has no column representation");
    };
  }

  /** A new root with empty vectors of {@code schema}'s types; the caller closes it. */
  public static VectorSchemaRoot createRoot(io.sluice.plan.Schema schema, BufferAllocator allocator) {
    return VectorSchemaRoot.create(toArrowSchema(schema), allocator);
  }
}
