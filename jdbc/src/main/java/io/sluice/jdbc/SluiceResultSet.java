package io.sluice.jdbc;

import io.sluice.plan.DataType;
import io.sluice.plan.Schema;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A forward-only, read-only result set over a {@link RowCursor}. Over a continuous query
 * {@link #next} waits for the next row; {@link #close} cancels the query.
 */
final class SluiceResultSet implements ResultSet, JdbcWrapper {
  private final Statement statement;
  private final Schema schema;
  private final RowCursor cursor;
  private Object[] row;
  private boolean wasNull;
  private boolean closed;
  private int rowNumber;

  SluiceResultSet(Statement statement, Schema schema, RowCursor cursor) {
    this.statement = statement;
    this.schema = schema;
    this.cursor = cursor;
  }

  Schema schema() {
    return schema;
  }

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    row = cursor.next();
    if (row == null) {
      return false;
    }
    rowNumber++;
    return true;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cursor.close();
    }
  }

  /** Stops the query from any thread; a waiting or later {@link #next} returns false. */
  void cancel() {
    cursor.close();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("The result set is closed", "24000");
    }
  }

  private Object cell(int columnIndex) throws SQLException {
    checkOpen();
    if (row == null) {
      throw new SQLException("No current row: call next() first", "24000");
    }
    if (columnIndex < 1 || columnIndex > schema.size()) {
      throw new SQLException("Column index " + columnIndex + " is out of range 1.." + schema.size(), "07009");
    }
    Object value = row[columnIndex - 1];
    wasNull = value == null;
    return value;
  }

  private DataType type(int columnIndex) {
    return schema.type(columnIndex - 1);
  }

  @Override
  public int findColumn(String columnLabel) throws SQLException {
    for (int i = 0; i < schema.size(); i++) {
      if (schema.field(i).name().equalsIgnoreCase(columnLabel)) {
        return i + 1;
      }
    }
    throw new SQLException("No column named '" + columnLabel + "'; columns are " + schema.names(), "42S22");
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  private Number number(int columnIndex) throws SQLException {
    Object value = cell(columnIndex);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      return number;
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        throw new SQLException("Cannot read '" + s + "' as a number", "22018", e);
      }
    }
    throw new SQLException("Cannot read a " + type(columnIndex) + " value as a number", "22018");
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    return JdbcValues.toText(cell(columnIndex), type(columnIndex));
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    Object value = cell(columnIndex);
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s) {
      return s.equalsIgnoreCase("true") || s.equals("1");
    }
    return number(columnIndex).doubleValue() != 0;
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    Number n = number(columnIndex);
    return n == null ? 0 : n.byteValue();
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    Number n = number(columnIndex);
    return n == null ? 0 : n.shortValue();
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    Number n = number(columnIndex);
    return n == null ? 0 : n.intValue();
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    Number n = number(columnIndex);
    return n == null ? 0 : n.longValue();
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    Number n = number(columnIndex);
    return n == null ? 0 : n.floatValue();
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    Number n = number(columnIndex);
    return n == null ? 0 : n.doubleValue();
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    Number n = number(columnIndex);
    return n == null ? null : n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
  }

  @Override
  @Deprecated
  public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
    BigDecimal value = getBigDecimal(columnIndex);
    return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
  }

  @Override
  public byte[] getBytes(int columnIndex) throws SQLException {
    Object value = cell(columnIndex);
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    return JdbcValues.toText(value, type(columnIndex)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public Date getDate(int columnIndex) throws SQLException {
    java.time.LocalDate date = getObject(columnIndex, java.time.LocalDate.class);
    return date == null ? null : Date.valueOf(date);
  }

  @Override
  public Time getTime(int columnIndex) throws SQLException {
    java.time.LocalTime time = getObject(columnIndex, java.time.LocalTime.class);
    return time == null ? null : Time.valueOf(time);
  }

  @Override
  public Timestamp getTimestamp(int columnIndex) throws SQLException {
    java.time.LocalDateTime value = getObject(columnIndex, java.time.LocalDateTime.class);
    return value == null ? null : Timestamp.valueOf(value);
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    return JdbcValues.toJdbc(cell(columnIndex), type(columnIndex));
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    return JdbcValues.convert(cell(columnIndex), type(columnIndex), type);
  }

  @Override
  public String getString(String columnLabel) throws SQLException {
    return getString(findColumn(columnLabel));
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    return getBoolean(findColumn(columnLabel));
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    return getByte(findColumn(columnLabel));
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    return getShort(findColumn(columnLabel));
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    return getInt(findColumn(columnLabel));
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    return getLong(findColumn(columnLabel));
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    return getFloat(findColumn(columnLabel));
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    return getDouble(findColumn(columnLabel));
  }

  @Override
  @Deprecated
  public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
    return getBigDecimal(findColumn(columnLabel), scale);
  }

  @Override
  public byte[] getBytes(String columnLabel) throws SQLException {
    return getBytes(findColumn(columnLabel));
  }

  @Override
  public Date getDate(String columnLabel) throws SQLException {
    return getDate(findColumn(columnLabel));
  }

  @Override
  public Time getTime(String columnLabel) throws SQLException {
    return getTime(findColumn(columnLabel));
  }

  @Override
  public Timestamp getTimestamp(String columnLabel) throws SQLException {
    return getTimestamp(findColumn(columnLabel));
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return getObject(findColumn(columnLabel));
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(findColumn(columnLabel), type);
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    return getBigDecimal(findColumn(columnLabel));
  }

  @Override
  public Date getDate(int columnIndex, Calendar cal) throws SQLException {
    return getDate(columnIndex);
  }

  @Override
  public Date getDate(String columnLabel, Calendar cal) throws SQLException {
    return getDate(findColumn(columnLabel));
  }

  @Override
  public Time getTime(int columnIndex, Calendar cal) throws SQLException {
    return getTime(columnIndex);
  }

  @Override
  public Time getTime(String columnLabel, Calendar cal) throws SQLException {
    return getTime(findColumn(columnLabel));
  }

  @Override
  public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
    return getTimestamp(columnIndex);
  }

  @Override
  public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
    return getTimestamp(findColumn(columnLabel));
  }

  @Override
  public ResultSetMetaData getMetaData() {
    return new SluiceResultSetMetaData(schema);
  }

  @Override
  public Statement getStatement() {
    return statement;
  }

  @Override
  public int getRow() {
    return row == null ? 0 : rowNumber;
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {}

  @Override
  public String getCursorName() throws SQLException {
    throw new SQLFeatureNotSupportedException("Named cursors are not supported");
  }

  @Override
  public int getType() {
    return TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() {
    return CONCUR_READ_ONLY;
  }

  @Override
  public int getHoldability() {
    return CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public int getFetchDirection() {
    return FETCH_FORWARD;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    if (direction != FETCH_FORWARD) {
      throw new SQLFeatureNotSupportedException("Result sets are forward-only");
    }
  }

  @Override
  public void setFetchSize(int rows) {}

  @Override
  public int getFetchSize() {
    return 0;
  }

  @Override
  public boolean isBeforeFirst() {
    return rowNumber == 0;
  }

  @Override
  public boolean isAfterLast() {
    return rowNumber > 0 && row == null;
  }

  @Override
  public boolean isFirst() {
    return rowNumber == 1 && row != null;
  }

  private static SQLFeatureNotSupportedException forwardOnly() {
    return new SQLFeatureNotSupportedException("Result sets are forward-only");
  }

  private static SQLFeatureNotSupportedException readOnly() {
    return new SQLFeatureNotSupportedException("Result sets are read-only");
  }

  @Override
  public boolean isLast() throws SQLException {
    throw forwardOnly();
  }

  @Override
  public void beforeFirst() throws SQLException {
    throw forwardOnly();
  }

  @Override
  public void afterLast() throws SQLException {
    throw forwardOnly();
  }

  @Override
  public boolean first() throws SQLException {
    throw forwardOnly();
  }

  @Override
  public boolean last() throws SQLException {
    throw forwardOnly();
  }

  @Override
  public boolean absolute(int row) throws SQLException {
    throw forwardOnly();
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    throw forwardOnly();
  }

  @Override
  public boolean previous() throws SQLException {
    throw forwardOnly();
  }

  @Override
  public boolean rowUpdated() {
    return false;
  }

  @Override
  public boolean rowInserted() {
    return false;
  }

  @Override
  public boolean rowDeleted() {
    return false;
  }

  @Override
  public InputStream getAsciiStream(int columnIndex) throws SQLException {
    String s = getString(columnIndex);
    return s == null ? null : new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Override
  @Deprecated
  public InputStream getUnicodeStream(int columnIndex) throws SQLException {
    String s = getString(columnIndex);
    return s == null ? null : new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
  }

  @Override
  public InputStream getBinaryStream(int columnIndex) throws SQLException {
    byte[] bytes = getBytes(columnIndex);
    return bytes == null ? null : new java.io.ByteArrayInputStream(bytes);
  }

  @Override
  public InputStream getAsciiStream(String columnLabel) throws SQLException {
    return getAsciiStream(findColumn(columnLabel));
  }

  @Override
  @Deprecated
  public InputStream getUnicodeStream(String columnLabel) throws SQLException {
    return getUnicodeStream(findColumn(columnLabel));
  }

  @Override
  public InputStream getBinaryStream(String columnLabel) throws SQLException {
    return getBinaryStream(findColumn(columnLabel));
  }

  @Override
  public Reader getCharacterStream(int columnIndex) throws SQLException {
    String s = getString(columnIndex);
    return s == null ? null : new java.io.StringReader(s);
  }

  @Override
  public Reader getCharacterStream(String columnLabel) throws SQLException {
    return getCharacterStream(findColumn(columnLabel));
  }

  @Override
  public Reader getNCharacterStream(int columnIndex) throws SQLException {
    return getCharacterStream(columnIndex);
  }

  @Override
  public Reader getNCharacterStream(String columnLabel) throws SQLException {
    return getCharacterStream(findColumn(columnLabel));
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    return getString(columnIndex);
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    return getString(findColumn(columnLabel));
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    return getObject(columnIndex);
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    return getObject(findColumn(columnLabel));
  }

  private static SQLFeatureNotSupportedException unsupportedType(String what) {
    return new SQLFeatureNotSupportedException(what + " values are not supported");
  }

  @Override
  public Ref getRef(int columnIndex) throws SQLException {
    throw unsupportedType("REF");
  }

  @Override
  public Blob getBlob(int columnIndex) throws SQLException {
    throw unsupportedType("BLOB");
  }

  @Override
  public Clob getClob(int columnIndex) throws SQLException {
    throw unsupportedType("CLOB");
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    throw unsupportedType("ARRAY");
  }

  @Override
  public Ref getRef(String columnLabel) throws SQLException {
    throw unsupportedType("REF");
  }

  @Override
  public Blob getBlob(String columnLabel) throws SQLException {
    throw unsupportedType("BLOB");
  }

  @Override
  public Clob getClob(String columnLabel) throws SQLException {
    throw unsupportedType("CLOB");
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    throw unsupportedType("ARRAY");
  }

  @Override
  public URL getURL(int columnIndex) throws SQLException {
    throw unsupportedType("URL");
  }

  @Override
  public URL getURL(String columnLabel) throws SQLException {
    throw unsupportedType("URL");
  }

  @Override
  public RowId getRowId(int columnIndex) throws SQLException {
    throw unsupportedType("ROWID");
  }

  @Override
  public RowId getRowId(String columnLabel) throws SQLException {
    throw unsupportedType("ROWID");
  }

  @Override
  public NClob getNClob(int columnIndex) throws SQLException {
    throw unsupportedType("NCLOB");
  }

  @Override
  public NClob getNClob(String columnLabel) throws SQLException {
    throw unsupportedType("NCLOB");
  }

  @Override
  public SQLXML getSQLXML(int columnIndex) throws SQLException {
    throw unsupportedType("XML");
  }

  @Override
  public SQLXML getSQLXML(String columnLabel) throws SQLException {
    throw unsupportedType("XML");
  }

  // Updates: result sets are read-only.
  @Override public void updateNull(int columnIndex) throws SQLException { throw readOnly(); }
  @Override public void updateBoolean(int columnIndex, boolean x) throws SQLException { throw readOnly(); }
  @Override public void updateByte(int columnIndex, byte x) throws SQLException { throw readOnly(); }
  @Override public void updateShort(int columnIndex, short x) throws SQLException { throw readOnly(); }
  @Override public void updateInt(int columnIndex, int x) throws SQLException { throw readOnly(); }
  @Override public void updateLong(int columnIndex, long x) throws SQLException { throw readOnly(); }
  @Override public void updateFloat(int columnIndex, float x) throws SQLException { throw readOnly(); }
  @Override public void updateDouble(int columnIndex, double x) throws SQLException { throw readOnly(); }
  @Override public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException { throw readOnly(); }
  @Override public void updateString(int columnIndex, String x) throws SQLException { throw readOnly(); }
  @Override public void updateBytes(int columnIndex, byte[] x) throws SQLException { throw readOnly(); }
  @Override public void updateDate(int columnIndex, Date x) throws SQLException { throw readOnly(); }
  @Override public void updateTime(int columnIndex, Time x) throws SQLException { throw readOnly(); }
  @Override public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException { throw readOnly(); }
  @Override public void updateObject(int columnIndex, Object x) throws SQLException { throw readOnly(); }
  @Override public void updateNull(String columnLabel) throws SQLException { throw readOnly(); }
  @Override public void updateBoolean(String columnLabel, boolean x) throws SQLException { throw readOnly(); }
  @Override public void updateByte(String columnLabel, byte x) throws SQLException { throw readOnly(); }
  @Override public void updateShort(String columnLabel, short x) throws SQLException { throw readOnly(); }
  @Override public void updateInt(String columnLabel, int x) throws SQLException { throw readOnly(); }
  @Override public void updateLong(String columnLabel, long x) throws SQLException { throw readOnly(); }
  @Override public void updateFloat(String columnLabel, float x) throws SQLException { throw readOnly(); }
  @Override public void updateDouble(String columnLabel, double x) throws SQLException { throw readOnly(); }
  @Override public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException { throw readOnly(); }
  @Override public void updateString(String columnLabel, String x) throws SQLException { throw readOnly(); }
  @Override public void updateBytes(String columnLabel, byte[] x) throws SQLException { throw readOnly(); }
  @Override public void updateDate(String columnLabel, Date x) throws SQLException { throw readOnly(); }
  @Override public void updateTime(String columnLabel, Time x) throws SQLException { throw readOnly(); }
  @Override public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(String columnLabel, Reader reader, int length) throws SQLException { throw readOnly(); }
  @Override public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException { throw readOnly(); }
  @Override public void updateObject(String columnLabel, Object x) throws SQLException { throw readOnly(); }
  @Override public void insertRow() throws SQLException { throw readOnly(); }
  @Override public void updateRow() throws SQLException { throw readOnly(); }
  @Override public void deleteRow() throws SQLException { throw readOnly(); }
  @Override public void refreshRow() throws SQLException { throw readOnly(); }
  @Override public void cancelRowUpdates() throws SQLException { throw readOnly(); }
  @Override public void moveToInsertRow() throws SQLException { throw readOnly(); }
  @Override public void moveToCurrentRow() throws SQLException { throw readOnly(); }
  @Override public void updateRef(int columnIndex, Ref x) throws SQLException { throw readOnly(); }
  @Override public void updateRef(String columnLabel, Ref x) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(int columnIndex, Blob x) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(String columnLabel, Blob x) throws SQLException { throw readOnly(); }
  @Override public void updateClob(int columnIndex, Clob x) throws SQLException { throw readOnly(); }
  @Override public void updateClob(String columnLabel, Clob x) throws SQLException { throw readOnly(); }
  @Override public void updateArray(int columnIndex, Array x) throws SQLException { throw readOnly(); }
  @Override public void updateArray(String columnLabel, Array x) throws SQLException { throw readOnly(); }
  @Override public void updateRowId(int columnIndex, RowId x) throws SQLException { throw readOnly(); }
  @Override public void updateRowId(String columnLabel, RowId x) throws SQLException { throw readOnly(); }
  @Override public void updateNString(int columnIndex, String nString) throws SQLException { throw readOnly(); }
  @Override public void updateNString(String columnLabel, String nString) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(int columnIndex, NClob nClob) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(String columnLabel, NClob nClob) throws SQLException { throw readOnly(); }
  @Override public void updateSQLXML(int columnIndex, SQLXML xmlObject) throws SQLException { throw readOnly(); }
  @Override public void updateSQLXML(String columnLabel, SQLXML xmlObject) throws SQLException { throw readOnly(); }
  @Override public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateNCharacterStream(String columnLabel, Reader reader, long length) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(String columnLabel, Reader reader, long length) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(int columnIndex, InputStream inputStream, long length) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(String columnLabel, InputStream inputStream, long length) throws SQLException { throw readOnly(); }
  @Override public void updateClob(int columnIndex, Reader reader, long length) throws SQLException { throw readOnly(); }
  @Override public void updateClob(String columnLabel, Reader reader, long length) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(int columnIndex, Reader reader, long length) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(String columnLabel, Reader reader, long length) throws SQLException { throw readOnly(); }
  @Override public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateNCharacterStream(String columnLabel, Reader reader) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(int columnIndex, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(String columnLabel, Reader reader) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(int columnIndex, InputStream inputStream) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException { throw readOnly(); }
  @Override public void updateClob(int columnIndex, Reader reader) throws SQLException { throw readOnly(); }
  @Override public void updateClob(String columnLabel, Reader reader) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(int columnIndex, Reader reader) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(String columnLabel, Reader reader) throws SQLException { throw readOnly(); }

}
