package io.sluice.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * come from a YAML file named by {@code config}, then the URL
 * ({@code jdbc:sluice:?key=value&key2=value2}), then the {@code Properties}, each overriding
 * the one before; they become the session's SET options, except {@code catalog.dir}, a
 * folder that keeps tables, views and models across connections.
 */
public final class SluiceDriver implements Driver {
  static final String URL_PREFIX = "jdbc:sluice:";
  /** The option naming a YAML file of further options. */
  public static final String CONFIG = "config";
  /** The option naming the folder that persists DDL across connections. */
  public static final String CATALOG_DIR = "catalog.dir";
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
    Map<String, String> urlOptions = new TreeMap<>();
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
        urlOptions.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    } else if (!rest.isEmpty()) {
      throw new SQLException("Unexpected '" + rest + "' in " + url + "; use jdbc:sluice: or jdbc:sluice:?key=value",
          "08001");
    }
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        // DriverManager passes credentials; an in-process engine has none.
        if (!key.equals("user") && !key.equals("password")) {
          urlOptions.put(key, info.getProperty(key));
        }
      }
    }
    Map<String, String> options = new TreeMap<>();
    String config = urlOptions.remove(CONFIG);
    if (config != null) {
      Path configFile = Path.of(config).toAbsolutePath();
      options.putAll(ConfigFile.read(configFile));
      // A folder named in the file is relative to the file, so the file can move with it.
      String dir = options.get(CATALOG_DIR);
      if (dir != null) {
        options.put(CATALOG_DIR, configFile.getParent().resolve(dir).normalize().toString());
      }
    }
    options.putAll(urlOptions);
    String catalogDir = options.remove(CATALOG_DIR);
    SluiceSession session = new SluiceSession();
    options.forEach(session::setOption);
    if (catalogDir != null) {
      try {
        session.persistCatalog(Path.of(catalogDir));
      } catch (RuntimeException e) {
        session.close();
        throw new SQLException("Cannot open the catalog folder '" + catalogDir + "': " + e.getMessage(), "08001", e);
      }
    }
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
    DriverPropertyInfo config = new DriverPropertyInfo(CONFIG, info == null ? null : info.getProperty(CONFIG));
    config.description = "A YAML file of session options (nested keys join with '.')";
    DriverPropertyInfo catalogDir = new DriverPropertyInfo(CATALOG_DIR,
        info == null ? null : info.getProperty(CATALOG_DIR));
    catalogDir.description = "A folder that keeps CREATE TABLE/VIEW/MODEL statements across connections";
    return new DriverPropertyInfo[] {config, catalogDir};
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
