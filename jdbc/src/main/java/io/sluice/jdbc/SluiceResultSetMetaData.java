package io.sluice.jdbc;

import io.sluice.plan.DataType;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** Column names, SQL types and nullability of a result, straight from the plan's schema. */
final class SluiceResultSetMetaData implements ResultSetMetaData, JdbcWrapper {
  private final Schema schema;

  SluiceResultSetMetaData(Schema schema) {
    this.schema = schema;
  }

  private DataType type(int column) throws SQLException {
    if (column < 1 || column > schema.size()) {
      throw new SQLException("Column index " + column + " is out of range 1.." + schema.size(), "07009");
    }
    return schema.type(column - 1);
  }

  @Override
  public int getColumnCount() {
    return schema.size();
  }

  @Override
  public boolean isAutoIncrement(int column) {
    return false;
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    return type(column).kind() == TypeKind.VARCHAR;
  }

  @Override
  public boolean isSearchable(int column) {
    return true;
  }

  @Override
  public boolean isCurrency(int column) {
    return false;
  }

  @Override
  public int isNullable(int column) throws SQLException {
    return type(column).nullable() ? columnNullable : columnNoNulls;
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    return type(column).kind().isNumeric();
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    DataType type = type(column);
    return switch (type.kind()) {
      case BOOLEAN -> 5;
      case TINYINT -> 4;
      case SMALLINT -> 6;
      case INTEGER -> 11;
      case BIGINT -> 20;
      case FLOAT, DOUBLE -> 24;
      case DECIMAL -> type.precision() + 2;
      case DATE -> 10;
      case TIME -> 12;
      case TIMESTAMP -> 23;
      case VARCHAR, VARBINARY -> type.precision() > 0 ? type.precision() : 65535;
      default -> 20;
    };
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    return getColumnName(column);
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    type(column);
    return schema.field(column - 1).name();
  }

  @Override
  public String getSchemaName(int column) {
    return "";
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    DataType type = type(column);
    return switch (type.kind()) {
      case DECIMAL -> type.precision();
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      case FLOAT -> 7;
      case DOUBLE -> 15;
      case TIMESTAMP, TIME -> Math.max(type.precision(), 0);
      case VARCHAR, VARBINARY -> Math.max(type.precision(), 0);
      default -> 0;
    };
  }

  @Override
  public int getScale(int column) throws SQLException {
    return type(column).kind() == TypeKind.DECIMAL ? type(column).scale() : 0;
  }

  @Override
  public String getTableName(int column) {
    return "";
  }

  @Override
  public String getCatalogName(int column) {
    return "";
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return JdbcValues.sqlType(type(column));
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return type(column).withNullable(true).sql();
  }

  @Override
  public boolean isReadOnly(int column) {
    return true;
  }

  @Override
  public boolean isWritable(int column) {
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int column) {
    return false;
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    return JdbcValues.className(type(column));
  }
}
