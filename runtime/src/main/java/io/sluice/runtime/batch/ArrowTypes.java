package io.sluice.runtime.batch;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The mapping between plan types and Arrow types, following {@link TypeKind}'s representation
 * column exactly.
 *
 * <p>What Arrow cannot say (that an {@code IntVector} holds INTERVAL YEAR TO MONTH, or a
 * VARCHAR's length) travels in field metadata, so the mapping round-trips.
 */
public final class ArrowTypes {
  /** Field metadata key holding the {@link TypeKind} name where the Arrow type is ambiguous. */
  public static final String KIND_KEY = "sluice.kind";
  /** Field metadata key holding a VARCHAR/VARBINARY length or a TIME/TIMESTAMP precision. */
  public static final String PRECISION_KEY = "sluice.precision";

  private ArrowTypes() {}

  public static ArrowType toArrowType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case TINYINT -> new ArrowType.Int(8, true);
      case SMALLINT -> new ArrowType.Int(16, true);
      case INTEGER, INTERVAL_YEAR_MONTH -> new ArrowType.Int(32, true);
      case BIGINT, INTERVAL_DAY_TIME -> new ArrowType.Int(64, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(type.precision(), type.scale(), 128);
      case VARCHAR -> ArrowType.Utf8.INSTANCE;
      case VARBINARY -> ArrowType.Binary.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      case ROW -> ArrowType.Struct.INSTANCE;
      case ARRAY -> ArrowType.List.INSTANCE;
      case NULL -> ArrowType.Null.INSTANCE;
    };
  }

  public static FieldType toFieldType(DataType type) {
    Map<String, String> metadata = new HashMap<>();
    if (type.kind() == TypeKind.INTERVAL_YEAR_MONTH || type.kind() == TypeKind.INTERVAL_DAY_TIME) {
      metadata.put(KIND_KEY, type.kind().name());
    }
    if (type.precision() >= 0 && switch (type.kind()) {
      case VARCHAR, VARBINARY, TIME, TIMESTAMP -> true;
      default -> false;
    }) {
      metadata.put(PRECISION_KEY, Integer.toString(type.precision()));
    }
    return new FieldType(type.nullable(), toArrowType(type), null, metadata.isEmpty() ? null : metadata);
  }

  /** The Arrow field of a column; a ROW's fields and an ARRAY's element become child fields. */
  public static org.apache.arrow.vector.types.pojo.Field toArrowField(Field field) {
    List<org.apache.arrow.vector.types.pojo.Field> children = null;
    if (field.type().kind().isStructured()) {
      children = new ArrayList<>();
      for (Field child : field.type().children()) {
        children.add(toArrowField(child));
      }
    }
    return new org.apache.arrow.vector.types.pojo.Field(field.name(), toFieldType(field.type()), children);
  }

  public static org.apache.arrow.vector.types.pojo.Schema toArrowSchema(Schema schema) {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>(schema.size());
    for (Field field : schema.fields()) {
      fields.add(toArrowField(field));
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  /** The plan type of an Arrow field; fails on Arrow types Sluice does not execute. */
  public static DataType toDataType(org.apache.arrow.vector.types.pojo.Field field) {
    Map<String, String> metadata = field.getMetadata();
    String precisionText = metadata.get(PRECISION_KEY);
    int precision = precisionText == null ? -1 : Integer.parseInt(precisionText);
    String kindName = metadata.get(KIND_KEY);
    ArrowType arrow = field.getType();
    TypeKind kind = kindName != null ? TypeKind.valueOf(kindName) : kindOf(arrow);
    if (kind == TypeKind.ARRAY) {
      // Arrow names a list's child itself ("$data$"), so the element name is not round-tripped.
      return DataType.array(toDataType(field.getChildren().get(0))).withNullable(field.isNullable());
    }
    if (kind == TypeKind.ROW) {
      List<Field> children = new ArrayList<>();
      for (org.apache.arrow.vector.types.pojo.Field child : field.getChildren()) {
        children.add(toField(child));
      }
      return new DataType(kind, -1, 0, field.isNullable(), children);
    }
    if (kind == TypeKind.DECIMAL) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) arrow;
      return new DataType(kind, decimal.getPrecision(), decimal.getScale(), field.isNullable());
    }
    return new DataType(kind, precision, 0, field.isNullable());
  }

  public static Field toField(org.apache.arrow.vector.types.pojo.Field field) {
    return new Field(field.getName(), toDataType(field));
  }

  public static Schema toSchema(org.apache.arrow.vector.types.pojo.Schema schema) {
    List<Field> fields = new ArrayList<>(schema.getFields().size());
    for (org.apache.arrow.vector.types.pojo.Field field : schema.getFields()) {
      fields.add(toField(field));
    }
    return new Schema(fields);
  }

  private static TypeKind kindOf(ArrowType arrow) {
    if (arrow instanceof ArrowType.Int integer && integer.getIsSigned()) {
      switch (integer.getBitWidth()) {
        case 8: return TypeKind.TINYINT;
        case 16: return TypeKind.SMALLINT;
        case 32: return TypeKind.INTEGER;
        case 64: return TypeKind.BIGINT;
        default: break;
      }
    } else if (arrow instanceof ArrowType.FloatingPoint floating) {
      if (floating.getPrecision() == FloatingPointPrecision.SINGLE) {
        return TypeKind.FLOAT;
      }
      if (floating.getPrecision() == FloatingPointPrecision.DOUBLE) {
        return TypeKind.DOUBLE;
      }
    } else if (arrow instanceof ArrowType.Bool) {
      return TypeKind.BOOLEAN;
    } else if (arrow instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128) {
      return TypeKind.DECIMAL;
    } else if (arrow instanceof ArrowType.Utf8) {
      return TypeKind.VARCHAR;
    } else if (arrow instanceof ArrowType.Binary) {
      return TypeKind.VARBINARY;
    } else if (arrow instanceof ArrowType.Date date && date.getUnit() == DateUnit.DAY) {
      return TypeKind.DATE;
    } else if (arrow instanceof ArrowType.Time time && time.getUnit() == TimeUnit.MILLISECOND && time.getBitWidth() == 32) {
      return TypeKind.TIME;
    } else if (arrow instanceof ArrowType.Timestamp timestamp && timestamp.getUnit() == TimeUnit.MILLISECOND
        && timestamp.getTimezone() == null) {
      return TypeKind.TIMESTAMP;
    } else if (arrow instanceof ArrowType.Struct) {
      return TypeKind.ROW;
    } else if (arrow instanceof ArrowType.List) {
      return TypeKind.ARRAY;
    } else if (arrow instanceof ArrowType.Null) {
      return TypeKind.NULL;
    }
    throw new IllegalArgumentException("Arrow type " + arrow + " has no Sluice type");
  }

  /** A new root with empty vectors of {@code schema}'s types; the caller closes it. */
  public static org.apache.arrow.vector.VectorSchemaRoot createRoot(Schema schema,
      org.apache.arrow.memory.BufferAllocator allocator) {
    return org.apache.arrow.vector.VectorSchemaRoot.create(toArrowSchema(schema), allocator);
  }
}
