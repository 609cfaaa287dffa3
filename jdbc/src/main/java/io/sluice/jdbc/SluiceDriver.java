package io.sluice.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The {@code jdbc:sluice:} driver: each connection is a new in-process session. Options
 * come from the URL ({@code jdbc:sluice:?key=value&key2=value2}) and the {@code Properties};
 * they become the session's SET options.
 */
public final class SluiceDriver implements Driver {
  static final String URL_PREFIX = "jdbc:sluice:";
  static final int MAJOR_VERSION = 0;
  static final int MINOR_VERSION = 1;
  static final String VERSION = MAJOR_VERSION + "." + MINOR_VERSION;

  static {
    try {
      DriverManager.registerDriver(new SluiceDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Map<String, String> options = new TreeMap<>();
    String rest = url.substring(URL_PREFIX.length());
    int query = rest.indexOf('?');
    if (query >= 0) {
      for (String pair : rest.substring(query + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new SQLException("Malformed URL option '" + pair + "' in " + url + "; expected key=value", "08001");
        }
        options.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    } else if (!rest.isEmpty()) {
      throw new SQLException("Unexpected '" + rest + "' in " + url + "; use jdbc:sluice: or jdbc:sluice:?key=value",
          "08001");
    }
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        // DriverManager passes credentials; an in-process engine has none.
        if (!key.equals("user") && !key.equals("password")) {
          options.put(key, info.getProperty(key));
        }
      }
    }
    SluiceSession session = new SluiceSession();
    options.forEach(session::setOption);
    return new SluiceConnection(url, session);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(URL_PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("The driver does not log through java.util.logging");
  }
}
