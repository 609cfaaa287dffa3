package io.sluice.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement whose {@code ?} parameters are bound as SQL literals when it runs.
 * The text is split once at the parameter markers outside strings, quoted identifiers and
 * comments; each execution renders the bound values and runs the result like a plain statement.
 */
final class SluicePreparedStatement extends SluiceStatement implements PreparedStatement {
  private final List<String> pieces;
  private final String[] literals;

  SluicePreparedStatement(SluiceConnection connection, String sql) {
    super(connection);
    this.pieces = splitAtMarkers(sql);
    this.literals = new String[pieces.size() - 1];
  }

  /** The text between parameter markers; n markers give n + 1 pieces. */
  static List<String> splitAtMarkers(String sql) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = sql.indexOf(c, i + 1);
        while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
          end = sql.indexOf(c, end + 2);
        }
        end = end < 0 ? sql.length() - 1 : end;
        piece.append(sql, i, end + 1);
        i = end + 1;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        piece.append(sql, i, end);
        i = end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
        piece.append(sql, i, end);
        i = end;
      } else if (c == '?') {
        pieces.add(piece.toString());
        piece.setLength(0);
        i++;
      } else {
        piece.append(c);
        i++;
      }
    }
    pieces.add(piece.toString());
    return pieces;
  }

  private String render() throws SQLException {
    StringBuilder sql = new StringBuilder(pieces.get(0));
    for (int i = 0; i < literals.length; i++) {
      if (literals[i] == null) {
        throw new SQLException("Parameter " + (i + 1) + " is not set", "07001");
      }
      sql.append(literals[i]).append(pieces.get(i + 1));
    }
    return sql.toString();
  }

  private void bind(int index, String literal) throws SQLException {
    checkOpen();
    if (index < 1 || index > literals.length) {
      throw new SQLException("Parameter index " + index + " is out of range 1.." + literals.length, "07009");
    }
    literals[index - 1] = literal;
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return executeQuery(render());
  }

  @Override
  public int executeUpdate() throws SQLException {
    return executeUpdate(render());
  }

  @Override
  public boolean execute() throws SQLException {
    return execute(render());
  }

  @Override
  public void clearParameters() {
    java.util.Arrays.fill(literals, null);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    bind(parameterIndex, "NULL");
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    bind(parameterIndex, "NULL");
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    bind(parameterIndex, x ? "TRUE" : "FALSE");
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    bind(parameterIndex, "CAST(" + x + " AS TINYINT)");
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    bind(parameterIndex, "CAST(" + x + " AS SMALLINT)");
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    bind(parameterIndex, Integer.toString(x));
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    bind(parameterIndex, "CAST(" + x + " AS BIGINT)");
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    bind(parameterIndex, "CAST(" + quote(Float.toString(x)) + " AS FLOAT)");
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    bind(parameterIndex, "CAST(" + quote(Double.toString(x)) + " AS DOUBLE)");
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    bind(parameterIndex, x == null ? "NULL" : x.toPlainString());
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    bind(parameterIndex, x == null ? "NULL" : quote(x));
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    bind(parameterIndex, x == null ? "NULL" : "X'" + java.util.HexFormat.of().formatHex(x) + "'");
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    bind(parameterIndex, x == null ? "NULL" : "DATE '" + x.toLocalDate() + "'");
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    bind(parameterIndex, x == null ? "NULL" : "TIME '" + x.toLocalTime() + "'");
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    bind(parameterIndex, x == null ? "NULL" : timestamp(x.toLocalDateTime()));
  }

  private static String timestamp(LocalDateTime value) {
    return "TIMESTAMP '" + value.toString().replace('T', ' ') + "'";
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    if (x == null) {
      setNull(parameterIndex, java.sql.Types.NULL);
    } else if (x instanceof String s) {
      setString(parameterIndex, s);
    } else if (x instanceof Integer i) {
      setInt(parameterIndex, i);
    } else if (x instanceof Long l) {
      setLong(parameterIndex, l);
    } else if (x instanceof Short s) {
      setShort(parameterIndex, s);
    } else if (x instanceof Byte b) {
      setByte(parameterIndex, b);
    } else if (x instanceof Double d) {
      setDouble(parameterIndex, d);
    } else if (x instanceof Float f) {
      setFloat(parameterIndex, f);
    } else if (x instanceof BigDecimal d) {
      setBigDecimal(parameterIndex, d);
    } else if (x instanceof Boolean b) {
      setBoolean(parameterIndex, b);
    } else if (x instanceof Timestamp t) {
      setTimestamp(parameterIndex, t);
    } else if (x instanceof Date d) {
      setDate(parameterIndex, d);
    } else if (x instanceof Time t) {
      setTime(parameterIndex, t);
    } else if (x instanceof LocalDateTime t) {
      bind(parameterIndex, timestamp(t));
    } else if (x instanceof LocalDate d) {
      bind(parameterIndex, "DATE '" + d + "'");
    } else if (x instanceof byte[] b) {
      setBytes(parameterIndex, b);
    } else {
      throw new SQLFeatureNotSupportedException("Parameters of type " + x.getClass().getName() + " are not supported");
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    setObject(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    setObject(parameterIndex, x);
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    setDate(parameterIndex, x);
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    setTime(parameterIndex, x);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    setTimestamp(parameterIndex, x);
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    setString(parameterIndex, value);
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    ResultSet current = getResultSet();
    return current == null ? null : current.getMetaData();
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    throw new SQLFeatureNotSupportedException("Parameter metadata is not supported; parameters are bound as literals");
  }

  @Override
  public void addBatch() throws SQLException {
    throw new SQLFeatureNotSupportedException("Statement batches are not supported");
  }

  private static SQLFeatureNotSupportedException unsupported(String what) {
    return new SQLFeatureNotSupportedException(what + " parameters are not supported");
  }

  @Override public void setAsciiStream(int i, InputStream x, int length) throws SQLException { throw unsupported("Stream"); }
  @Override @Deprecated public void setUnicodeStream(int i, InputStream x, int length) throws SQLException { throw unsupported("Stream"); }
  @Override public void setBinaryStream(int i, InputStream x, int length) throws SQLException { throw unsupported("Stream"); }
  @Override public void setCharacterStream(int i, Reader reader, int length) throws SQLException { throw unsupported("Stream"); }
  @Override public void setRef(int i, Ref x) throws SQLException { throw unsupported("REF"); }
  @Override public void setBlob(int i, Blob x) throws SQLException { throw unsupported("BLOB"); }
  @Override public void setClob(int i, Clob x) throws SQLException { throw unsupported("CLOB"); }
  @Override public void setArray(int i, Array x) throws SQLException { throw unsupported("ARRAY"); }
  @Override public void setURL(int i, URL x) throws SQLException { throw unsupported("URL"); }
  @Override public void setRowId(int i, RowId x) throws SQLException { throw unsupported("ROWID"); }
  @Override public void setNCharacterStream(int i, Reader value, long length) throws SQLException { throw unsupported("Stream"); }
  @Override public void setNClob(int i, NClob value) throws SQLException { throw unsupported("NCLOB"); }
  @Override public void setClob(int i, Reader reader, long length) throws SQLException { throw unsupported("CLOB"); }
  @Override public void setBlob(int i, InputStream inputStream, long length) throws SQLException { throw unsupported("BLOB"); }
  @Override public void setNClob(int i, Reader reader, long length) throws SQLException { throw unsupported("NCLOB"); }
  @Override public void setSQLXML(int i, SQLXML xmlObject) throws SQLException { throw unsupported("XML"); }
  @Override public void setAsciiStream(int i, InputStream x, long length) throws SQLException { throw unsupported("Stream"); }
  @Override public void setBinaryStream(int i, InputStream x, long length) throws SQLException { throw unsupported("Stream"); }
  @Override public void setCharacterStream(int i, Reader reader, long length) throws SQLException { throw unsupported("Stream"); }
  @Override public void setAsciiStream(int i, InputStream x) throws SQLException { throw unsupported("Stream"); }
  @Override public void setBinaryStream(int i, InputStream x) throws SQLException { throw unsupported("Stream"); }
  @Override public void setCharacterStream(int i, Reader reader) throws SQLException { throw unsupported("Stream"); }
  @Override public void setNCharacterStream(int i, Reader value) throws SQLException { throw unsupported("Stream"); }
  @Override public void setClob(int i, Reader reader) throws SQLException { throw unsupported("CLOB"); }
  @Override public void setBlob(int i, InputStream inputStream) throws SQLException { throw unsupported("BLOB"); }
  @Override public void setNClob(int i, Reader reader) throws SQLException { throw unsupported("NCLOB"); }
}
