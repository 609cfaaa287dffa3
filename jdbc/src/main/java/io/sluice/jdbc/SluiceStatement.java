package io.sluice.jdbc;

import io.sluice.grammar.ScriptPart;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC statement over the connection's session. Queries return streaming result sets;
 * INSERT INTO starts a background job and returns; DDL and SET change the session.
 */
class SluiceStatement implements Statement, JdbcWrapper {
  protected final SluiceConnection connection;
  private volatile SluiceResultSet resultSet;
  private int updateCount = -1;
  private int queryTimeout;
  private long maxRows;
  private int fetchSize;
  private boolean closed;

  SluiceStatement(SluiceConnection connection) {
    this.connection = connection;
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    if (!execute(sql)) {
      throw new SQLException("The statement returned no result set; use execute or executeUpdate", "07000");
    }
    return resultSet;
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    if (execute(sql)) {
      resultSet.close();
      throw new SQLException("The statement returned a result set; use executeQuery", "07000");
    }
    return Math.max(updateCount, 0);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    checkOpen();
    closeResult();
    List<ScriptPart> parts;
    Outcome outcome;
    try {
      parts = io.sluice.jdbc.SluiceSession.split(sql);
      if (parts.size() != 1) {
        throw new SQLException("Expected one statement, found " + parts.size(), "42000");
      }
      outcome = connection.session().execute(parts.get(0));
    } catch (RuntimeException e) {
      throw SqlStates.ofStatement(e);
    }
    if (outcome instanceof Outcome.Query query) {
      StreamingCursor cursor = new StreamingCursor(query.schema(), queryTimeout, maxRows, fetchSize);
      resultSet = new SluiceResultSet(this, cursor.clientSchema(), cursor);
      cursor.start(query.starter());
      return true;
    }
    if (outcome instanceof Outcome.Rows rows) {
      List<Object[]> list = new ArrayList<>();
      rows.rows().forEach(r -> list.add(r.toArray()));
      resultSet = new SluiceResultSet(this, rows.schema(), RowCursor.of(list));
      return true;
    }
    if (outcome instanceof Outcome.Text text) {
      Schema schema = Schema.of(new Field("plan", io.sluice.plan.DataType.of(io.sluice.plan.TypeKind.VARCHAR)));
      resultSet = new SluiceResultSet(this, schema, RowCursor.of(List.<Object[]>of(new Object[] {text.text()})));
      return true;
    }
    updateCount = 0;
    return false;
  }

  private void closeResult() {
    if (resultSet != null) {
      resultSet.close();
      resultSet = null;
    }
    updateCount = -1;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("The statement is closed", "HY010");
    }
    connection.checkOpen();
  }

  @Override
  public void close() {
    closeResult();
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Cancels the running query, from any thread: its result set ends (next() returns false). */
  @Override
  public void cancel() {
    SluiceResultSet current = resultSet;
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public ResultSet getResultSet() {
    return resultSet;
  }

  @Override
  public int getUpdateCount() {
    return resultSet != null ? -1 : updateCount;
  }

  @Override
  public boolean getMoreResults() {
    closeResult();
    return false;
  }

  @Override
  public boolean getMoreResults(int current) {
    return getMoreResults();
  }

  @Override
  public int getMaxFieldSize() {
    return 0;
  }

  @Override
  public void setMaxFieldSize(int max) {}

  @Override
  public int getMaxRows() {
    return (int) Math.min(Integer.MAX_VALUE, maxRows);
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    if (max < 0) {
      throw new SQLException("maxRows must be >= 0", "HY024");
    }
    maxRows = max;
  }

  @Override
  public long getLargeMaxRows() {
    return maxRows;
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    if (max < 0) {
      throw new SQLException("maxRows must be >= 0", "HY024");
    }
    maxRows = max;
  }

  @Override
  public void setEscapeProcessing(boolean enable) {}

  @Override
  public int getQueryTimeout() {
    return queryTimeout;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    if (seconds < 0) {
      throw new SQLException("The query timeout must be >= 0", "HY024");
    }
    queryTimeout = seconds;
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {}

  @Override
  public void setCursorName(String name) throws SQLException {
    throw new SQLFeatureNotSupportedException("Named cursors are not supported");
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    if (direction != ResultSet.FETCH_FORWARD) {
      throw new SQLFeatureNotSupportedException("Result sets are forward-only");
    }
  }

  @Override
  public int getFetchDirection() {
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    if (rows < 0) {
      throw new SQLException("The fetch size must be >= 0", "HY024");
    }
    fetchSize = rows;
  }

  @Override
  public int getFetchSize() {
    return fetchSize;
  }

  @Override
  public int getResultSetConcurrency() {
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetType() {
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    throw new SQLFeatureNotSupportedException("Statement batches are not supported");
  }

  @Override
  public void clearBatch() throws SQLException {
    throw new SQLFeatureNotSupportedException("Statement batches are not supported");
  }

  @Override
  public int[] executeBatch() throws SQLException {
    throw new SQLFeatureNotSupportedException("Statement batches are not supported");
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    throw new SQLFeatureNotSupportedException("Generated keys are not supported");
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return execute(sql);
  }

  @Override
  public int getResultSetHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public void setPoolable(boolean poolable) {}

  @Override
  public boolean isPoolable() {
    return false;
  }

  @Override
  public void closeOnCompletion() {}

  @Override
  public boolean isCloseOnCompletion() {
    return false;
  }
}
