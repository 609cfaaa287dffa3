package io.sluice.jdbc;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;

/** Where a result set's rows come from: a finished list, or a running query's stream. */
interface RowCursor extends AutoCloseable {
  /** The next row, or null at the end; may wait for a running query. */
  Object[] next() throws SQLException;

  /** Stops producing rows (cancels a running query); idempotent. */
  @Override
  void close();

  /** Rows computed up front, such as SHOW and metadata results. */
  static RowCursor of(List<Object[]> rows) {
    Iterator<Object[]> iterator = rows.iterator();
    return new RowCursor() {
      @Override
      public Object[] next() {
        return iterator.hasNext() ? iterator.next() : null;
      }

      @Override
      public void close() {}
    };
  }
}
