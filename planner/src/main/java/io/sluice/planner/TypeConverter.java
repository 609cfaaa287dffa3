package io.sluice.planner;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts between Calcite's {@link RelDataType} and the plan's {@link DataType}. */
public final class TypeConverter {
  private TypeConverter() {}

  /** The plan type of a Calcite type; a type the runtime cannot execute is a user error. */
  public static DataType toDataType(RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    boolean nullable = type.isNullable();
    if (name == SqlTypeName.ROW) {
      return DataType.row(toSchema(type).fields()).withNullable(nullable);
    }
    if (name == SqlTypeName.ARRAY) {
      return DataType.array(toDataType(type.getComponentType())).withNullable(nullable);
    }
    TypeKind kind = switch (name) {
      case BOOLEAN -> TypeKind.BOOLEAN;
      case TINYINT -> TypeKind.TINYINT;
      case SMALLINT -> TypeKind.SMALLINT;
      case INTEGER -> TypeKind.INTEGER;
      case BIGINT -> TypeKind.BIGINT;
      case FLOAT, REAL -> TypeKind.FLOAT;
      case DOUBLE -> TypeKind.DOUBLE;
      case DECIMAL -> TypeKind.DECIMAL;
      case CHAR, VARCHAR -> TypeKind.VARCHAR;
      case BINARY, VARBINARY -> TypeKind.VARBINARY;
      case DATE -> TypeKind.DATE;
      case TIME -> TypeKind.TIME;
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TypeKind.TIMESTAMP;
      case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> TypeKind.INTERVAL_YEAR_MONTH;
      case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR,
          INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND, INTERVAL_SECOND ->
          TypeKind.INTERVAL_DAY_TIME;
      case NULL -> TypeKind.NULL;
      default -> throw new PlanningException("Type " + type.getFullTypeString() + " is not supported yet");
    };
    return switch (kind) {
      case DECIMAL -> new DataType(kind, type.getPrecision(), type.getScale(), nullable);
      case VARCHAR, VARBINARY -> new DataType(kind,
          type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? -1 : type.getPrecision(), 0, nullable);
      case TIMESTAMP, TIME -> new DataType(kind, type.getPrecision(), 0, nullable);
      default -> new DataType(kind, -1, 0, nullable);
    };
  }

  public static Schema toSchema(RelDataType rowType) {
    List<Field> fields = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      fields.add(new Field(field.getName(), toDataType(field.getType())));
    }
    return new Schema(fields);
  }

  /** The Calcite type of a plan type, used to expose catalog tables to the validator. */
  public static RelDataType toRelDataType(RelDataTypeFactory factory, DataType type) {
    RelDataType base = switch (type.kind()) {
      case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
      case VARCHAR -> type.precision() < 0
          ? factory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE)
          : factory.createSqlType(SqlTypeName.VARCHAR, type.precision());
      case VARBINARY -> type.precision() < 0
          ? factory.createSqlType(SqlTypeName.VARBINARY, Integer.MAX_VALUE)
          : factory.createSqlType(SqlTypeName.VARBINARY, type.precision());
      case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, type.precision() < 0 ? 3 : type.precision());
      case TIME -> factory.createSqlType(SqlTypeName.TIME, Math.max(type.precision(), 0));
      case INTERVAL_YEAR_MONTH -> factory.createSqlIntervalType(
          new SqlIntervalQualifier(TimeUnit.YEAR, TimeUnit.MONTH, SqlParserPos.ZERO));
      case INTERVAL_DAY_TIME -> factory.createSqlIntervalType(
          new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO));
      case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
      case TINYINT -> factory.createSqlType(SqlTypeName.TINYINT);
      case SMALLINT -> factory.createSqlType(SqlTypeName.SMALLINT);
      case INTEGER -> factory.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
      case FLOAT -> factory.createSqlType(SqlTypeName.FLOAT);
      case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
      case DATE -> factory.createSqlType(SqlTypeName.DATE);
      case NULL -> factory.createSqlType(SqlTypeName.NULL);
      case ROW -> toRowType(factory, new Schema(type.fields()));
      case ARRAY -> factory.createArrayType(toRelDataType(factory, type.elementType()), -1);
    };
    return factory.createTypeWithNullability(base, type.nullable());
  }

  public static RelDataType toRowType(RelDataTypeFactory factory, Schema schema) {
    RelDataTypeFactory.Builder builder = factory.builder();
    for (Field field : schema.fields()) {
      builder.add(field.name(), toRelDataType(factory, field.type()));
    }
    return builder.build();
  }
}
