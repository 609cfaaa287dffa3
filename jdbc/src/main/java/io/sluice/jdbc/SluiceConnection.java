package io.sluice.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A JDBC connection: one {@link SluiceSession} (catalog, options, jobs) inside this JVM.
 * There are no transactions; auto-commit is always on. Closing it cancels its running jobs.
 */
public final class SluiceConnection implements Connection, JdbcWrapper {
  private final SluiceSession session;
  private final String url;
  private volatile boolean closed;

  SluiceConnection(String url, SluiceSession session) {
    this.url = url;
    this.session = session;
  }

  /** The session behind this connection, for embedders that want more than JDBC offers. */
  public SluiceSession session() {
    return session;
  }

  /**
   * Registers {@code type} (on the application's class path) as SQL function {@code name}, as
   * {@code CREATE FUNCTION name AS 'class'} does, replacing a user function of that name.
   *
   * @throws SQLException (42000) if the name is a built-in's or the class has no usable method
   */
  public void registerFunction(String name, Class<?> type) throws SQLException {
    checkOpen();
    try {
      session.registerFunction(name, type);
    } catch (io.sluice.planner.PlanningException e) {
      throw new SQLException(e.getMessage(), SqlStates.SYNTAX_OR_ACCESS, e);
    }
  }

  String url() {
    return url;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("The connection is closed", "08003");
    }
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    return new SluiceStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    return new SluicePreparedStatement(this, sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw new SQLFeatureNotSupportedException("Stored procedures are not supported");
  }

  @Override
  public String nativeSQL(String sql) {
    return sql;
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    if (!autoCommit) {
      throw new SQLFeatureNotSupportedException("Transactions are not supported; auto-commit stays on");
    }
  }

  @Override
  public boolean getAutoCommit() {
    return true;
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
  }

  @Override
  public void rollback() throws SQLException {
    throw new SQLFeatureNotSupportedException("Transactions are not supported");
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      session.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return new SluiceDatabaseMetaData(this);
  }

  @Override
  public void setReadOnly(boolean readOnly) {}

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public void setCatalog(String catalog) {}

  @Override
  public String getCatalog() {
    return null;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    if (level != TRANSACTION_NONE) {
      throw new SQLFeatureNotSupportedException("Transactions are not supported");
    }
  }

  @Override
  public int getTransactionIsolation() {
    return TRANSACTION_NONE;
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {}

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    checkResultSetKind(resultSetType, resultSetConcurrency);
    return createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    checkResultSetKind(resultSetType, resultSetConcurrency);
    return prepareStatement(sql);
  }

  private static void checkResultSetKind(int type, int concurrency) throws SQLException {
    if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
      throw new SQLFeatureNotSupportedException("Only forward-only, read-only result sets are supported");
    }
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return prepareCall(sql);
  }

  @Override
  public Map<String, Class<?>> getTypeMap() {
    return Map.of();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    throw new SQLFeatureNotSupportedException("Type maps are not supported");
  }

  @Override
  public void setHoldability(int holdability) {}

  @Override
  public int getHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    throw new SQLFeatureNotSupportedException("Transactions are not supported");
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    throw new SQLFeatureNotSupportedException("Transactions are not supported");
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    throw new SQLFeatureNotSupportedException("Transactions are not supported");
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    throw new SQLFeatureNotSupportedException("Transactions are not supported");
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return createStatement(resultSetType, resultSetConcurrency);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return prepareStatement(sql, resultSetType, resultSetConcurrency);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return prepareCall(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public Clob createClob() throws SQLException {
    throw new SQLFeatureNotSupportedException("CLOB values are not supported");
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw new SQLFeatureNotSupportedException("BLOB values are not supported");
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw new SQLFeatureNotSupportedException("NCLOB values are not supported");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw new SQLFeatureNotSupportedException("XML values are not supported");
  }

  @Override
  public boolean isValid(int timeout) {
    return !closed;
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    throw new SQLClientInfoException("Client info is not supported", Map.of());
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    throw new SQLClientInfoException("Client info is not supported", Map.of());
  }

  @Override
  public String getClientInfo(String name) {
    return null;
  }

  @Override
  public Properties getClientInfo() {
    return new Properties();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw new SQLFeatureNotSupportedException("ARRAY values are not supported");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw new SQLFeatureNotSupportedException("STRUCT values are not supported");
  }

  @Override
  public void setSchema(String schema) {}

  @Override
  public String getSchema() {
    return null;
  }

  @Override
  public void abort(Executor executor) {
    close();
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) {}

  @Override
  public int getNetworkTimeout() {
    return 0;
  }
}
