package io.sluice.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/** The {@link Wrapper} methods of every driver object: each wraps only itself. */
interface JdbcWrapper extends Wrapper {
  @Override
  default <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("Not a wrapper of " + iface.getName());
  }

  @Override
  default boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
