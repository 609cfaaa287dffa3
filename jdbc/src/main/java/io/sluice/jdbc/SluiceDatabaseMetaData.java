package io.sluice.jdbc;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.planner.Catalog;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the driver tells tools about the engine and its catalog: tables, views and their
 * columns, the built-in functions, and the (few) JDBC capabilities a streaming engine has.
 * Sluice has no JDBC catalogs or schemas; their arguments are ignored.
 */
final class SluiceDatabaseMetaData implements DatabaseMetaData, JdbcWrapper {
  private final SluiceConnection connection;

  SluiceDatabaseMetaData(SluiceConnection connection) {
    this.connection = connection;
  }

  private static Field text(String name) {
    return new Field(name, DataType.of(TypeKind.VARCHAR));
  }

  private static Field integer(String name) {
    return new Field(name, DataType.of(TypeKind.INTEGER));
  }

  private static Schema schemaHeader() {
    return Schema.of(text("TABLE_SCHEM"), text("TABLE_CATALOG"));
  }

  private ResultSet list(Schema schema, List<Object[]> rows) throws SQLException {
    return new SluiceResultSet(connection.createStatement(), schema, RowCursor.of(rows));
  }

  /** A JDBC LIKE pattern ({@code %} and {@code _}, null for all) as a regular expression. */
  static Pattern like(String pattern) {
    if (pattern == null) {
      return Pattern.compile(".*", Pattern.DOTALL);
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private ResultSet tables(String tableNamePattern, String[] types) throws SQLException {
    Pattern names = like(tableNamePattern);
    List<String> wanted = types == null ? List.of("TABLE", "VIEW") : List.of(types);
    Catalog catalog = connection.session().catalog();
    List<Object[]> rows = new ArrayList<>();
    if (wanted.contains("TABLE")) {
      for (TableSpec table : catalog.tables()) {
        if (names.matcher(table.name()).matches()) {
          rows.add(new Object[] {null, null, table.name(), "TABLE", "connector=" + table.connector(), null, null,
              null, null, null});
        }
      }
    }
    if (wanted.contains("VIEW")) {
      for (Catalog.View view : catalog.views()) {
        if (names.matcher(view.name()).matches()) {
          rows.add(new Object[] {null, null, view.name(), "VIEW", view.sql(), null, null, null, null, null});
        }
      }
    }
    return list(Schema.of(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("TABLE_TYPE"),
        text("REMARKS"), text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"), text("SELF_REFERENCING_COL_NAME"),
        text("REF_GENERATION")), rows);
  }

  private ResultSet columns(String tableNamePattern, String columnNamePattern) throws SQLException {
    Pattern tables = like(tableNamePattern);
    Pattern columns = like(columnNamePattern);
    Catalog catalog = connection.session().catalog();
    List<Object[]> rows = new ArrayList<>();
    List<Object[]> relations = new ArrayList<>();
    catalog.tables().forEach(t -> relations.add(new Object[] {t.name(), t.schema()}));
    catalog.views().forEach(v -> relations.add(new Object[] {v.name(), v.schema()}));
    for (Object[] relation : relations) {
      String table = (String) relation[0];
      Schema schema = (Schema) relation[1];
      if (!tables.matcher(table).matches()) {
        continue;
      }
      for (int i = 0; i < schema.size(); i++) {
        Field field = schema.field(i);
        if (!columns.matcher(field.name()).matches()) {
          continue;
        }
        SluiceResultSetMetaData meta = new SluiceResultSetMetaData(schema);
        rows.add(new Object[] {null, null, table, field.name(), meta.getColumnType(i + 1),
            field.type().withNullable(true).sql(), meta.getPrecision(i + 1), null, meta.getScale(i + 1), 10,
            field.type().nullable() ? columnNullable : columnNoNulls, null, null, null, null, null, i + 1,
            field.type().nullable() ? "YES" : "NO", null, null, null, null, "NO", "NO"});
      }
    }
    return list(Schema.of(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("COLUMN_NAME"),
        integer("DATA_TYPE"), text("TYPE_NAME"), integer("COLUMN_SIZE"), integer("BUFFER_LENGTH"),
        integer("DECIMAL_DIGITS"), integer("NUM_PREC_RADIX"), integer("NULLABLE"), text("REMARKS"),
        text("COLUMN_DEF"), integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"), integer("CHAR_OCTET_LENGTH"),
        integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SCOPE_CATALOG"), text("SCOPE_SCHEMA"),
        text("SCOPE_TABLE"), new Field("SOURCE_DATA_TYPE", DataType.of(TypeKind.SMALLINT)), text("IS_AUTOINCREMENT"),
        text("IS_GENERATEDCOLUMN")), rows);
  }

  private ResultSet functions(String functionNamePattern) throws SQLException {
    Pattern names = like(functionNamePattern);
    List<Object[]> rows = new ArrayList<>();
    for (String name : connection.session().functionNames()) {
      if (names.matcher(name).matches()) {
        rows.add(new Object[] {null, null, name, "built-in", functionResultUnknown, name});
      }
    }
    return list(Schema.of(text("FUNCTION_CAT"), text("FUNCTION_SCHEM"), text("FUNCTION_NAME"), text("REMARKS"),
        integer("FUNCTION_TYPE"), text("SPECIFIC_NAME")), rows);
  }

  private ResultSet primaryKeys(String table) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    connection.session().catalog().table(table).ifPresent(spec -> {
      for (int i = 0; i < spec.primaryKey().size(); i++) {
        rows.add(new Object[] {null, null, spec.name(), spec.primaryKey().get(i), i + 1, "PK_" + spec.name()});
      }
    });
    return list(Schema.of(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("COLUMN_NAME"),
        integer("KEY_SEQ"), text("PK_NAME")), rows);
  }

  @Override
  public boolean allProceduresAreCallable() throws SQLException {
    return false;
  }

  @Override
  public boolean allTablesAreSelectable() throws SQLException {
    return true;
  }

  @Override
  public String getURL() throws SQLException {
    return SluiceDriver.URL_PREFIX;
  }

  @Override
  public String getUserName() throws SQLException {
    return "";
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return false;
  }

  @Override
  public boolean nullsAreSortedHigh() throws SQLException {
    return false;
  }

  @Override
  public boolean nullsAreSortedLow() throws SQLException {
    return true;
  }

  @Override
  public boolean nullsAreSortedAtStart() throws SQLException {
    return false;
  }

  @Override
  public boolean nullsAreSortedAtEnd() throws SQLException {
    return false;
  }

  @Override
  public String getDatabaseProductName() throws SQLException {
    return "Sluice";
  }

  @Override
  public String getDatabaseProductVersion() throws SQLException {
    return SluiceDriver.VERSION;
  }

  @Override
  public String getDriverName() throws SQLException {
    return "Sluice JDBC driver";
  }

  @Override
  public String getDriverVersion() throws SQLException {
    return SluiceDriver.VERSION;
  }

  @Override
  public int getDriverMajorVersion() {
    return SluiceDriver.MAJOR_VERSION;
  }

  @Override
  public int getDriverMinorVersion() {
    return SluiceDriver.MINOR_VERSION;
  }

  @Override
  public boolean usesLocalFiles() throws SQLException {
    return false;
  }

  @Override
  public boolean usesLocalFilePerTable() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsMixedCaseIdentifiers() throws SQLException {
    return true;
  }

  @Override
  public boolean storesUpperCaseIdentifiers() throws SQLException {
    return false;
  }

  @Override
  public boolean storesLowerCaseIdentifiers() throws SQLException {
    return false;
  }

  @Override
  public boolean storesMixedCaseIdentifiers() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
    return true;
  }

  @Override
  public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
    return false;
  }

  @Override
  public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
    return false;
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
    return true;
  }

  @Override
  public String getIdentifierQuoteString() throws SQLException {
    return "`";
  }

  @Override
  public String getSQLKeywords() throws SQLException {
    return "WATERMARK,TUMBLE,HOP,SESSION,CUMULATE,DESCRIPTOR,MODEL";
  }

  @Override
  public String getNumericFunctions() throws SQLException {
    return "ABS,CEIL,EXP,FLOOR,LN,LOG10,MOD,POWER,ROUND,SQRT";
  }

  @Override
  public String getStringFunctions() throws SQLException {
    return "CHAR_LENGTH,CONCAT,INITCAP,LOWER,POSITION,REPLACE,SUBSTRING,TRIM,UPPER";
  }

  @Override
  public String getSystemFunctions() throws SQLException {
    return "COALESCE,NULLIF";
  }

  @Override
  public String getTimeDateFunctions() throws SQLException {
    return "CURRENT_TIMESTAMP,EXTRACT,LOCALTIMESTAMP,TIMESTAMPADD,TIMESTAMPDIFF";
  }

  @Override
  public String getSearchStringEscape() throws SQLException {
    return "\\";
  }

  @Override
  public String getExtraNameCharacters() throws SQLException {
    return "";
  }

  @Override
  public boolean supportsAlterTableWithAddColumn() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsColumnAliasing() throws SQLException {
    return true;
  }

  @Override
  public boolean nullPlusNonNullIsNull() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsConvert() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsConvert(int arg0, int arg1) throws SQLException {
    return false;
  }

  @Override
  public boolean supportsTableCorrelationNames() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsDifferentTableCorrelationNames() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsExpressionsInOrderBy() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsOrderByUnrelated() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsGroupBy() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsGroupByUnrelated() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsGroupByBeyondSelect() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsLikeEscapeClause() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsMultipleResultSets() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsMultipleTransactions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsNonNullableColumns() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsMinimumSQLGrammar() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsCoreSQLGrammar() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsExtendedSQLGrammar() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsANSI92IntermediateSQL() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsANSI92FullSQL() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsOuterJoins() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsFullOuterJoins() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsLimitedOuterJoins() throws SQLException {
    return false;
  }

  @Override
  public String getSchemaTerm() throws SQLException {
    return "schema";
  }

  @Override
  public String getProcedureTerm() throws SQLException {
    return "procedure";
  }

  @Override
  public String getCatalogTerm() throws SQLException {
    return "catalog";
  }

  @Override
  public boolean isCatalogAtStart() throws SQLException {
    return false;
  }

  @Override
  public String getCatalogSeparator() throws SQLException {
    return ".";
  }

  @Override
  public boolean supportsSchemasInDataManipulation() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInProcedureCalls() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInTableDefinitions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInIndexDefinitions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInDataManipulation() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInProcedureCalls() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInTableDefinitions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsPositionedDelete() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsPositionedUpdate() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsSelectForUpdate() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsStoredProcedures() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsSubqueriesInComparisons() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsSubqueriesInExists() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInIns() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInQuantifieds() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsCorrelatedSubqueries() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsUnion() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsUnionAll() throws SQLException {
    return true;
  }

  @Override
  public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
    return false;
  }

  @Override
  public int getMaxBinaryLiteralLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxCharLiteralLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnNameLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInGroupBy() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInIndex() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInOrderBy() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInSelect() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxColumnsInTable() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxConnections() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxCursorNameLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxIndexLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxSchemaNameLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxProcedureNameLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxCatalogNameLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxRowSize() throws SQLException {
    return 0;
  }

  @Override
  public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
    return false;
  }

  @Override
  public int getMaxStatementLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxStatements() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxTableNameLength() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxTablesInSelect() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxUserNameLength() throws SQLException {
    return 0;
  }

  @Override
  public int getDefaultTransactionIsolation() throws SQLException {
    return Connection.TRANSACTION_NONE;
  }

  @Override
  public boolean supportsTransactions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
    return false;
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
    return false;
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
    return false;
  }

  @Override
  public ResultSet getProcedures(String arg0, String arg1, String arg2) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getProcedureColumns(String arg0, String arg1, String arg2, String arg3) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
    return tables(tableNamePattern, types);
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    return list(schemaHeader(), List.of());
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    return list(Schema.of(text("TABLE_CAT")), List.of());
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    return list(Schema.of(text("TABLE_TYPE")), List.of(new Object[] {"TABLE"}, new Object[] {"VIEW"}));
  }

  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
    return columns(tableNamePattern, columnNamePattern);
  }

  @Override
  public ResultSet getColumnPrivileges(String arg0, String arg1, String arg2, String arg3) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getTablePrivileges(String arg0, String arg1, String arg2) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getBestRowIdentifier(String arg0, String arg1, String arg2, int arg3, boolean arg4) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getVersionColumns(String arg0, String arg1, String arg2) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    return primaryKeys(table);
  }

  @Override
  public ResultSet getImportedKeys(String arg0, String arg1, String arg2) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getExportedKeys(String arg0, String arg1, String arg2) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getCrossReference(String arg0, String arg1, String arg2, String arg3, String arg4, String arg5) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getIndexInfo(String arg0, String arg1, String arg2, boolean arg3, boolean arg4) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public boolean supportsResultSetType(int type) throws SQLException {
    return type == ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
    return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public boolean ownUpdatesAreVisible(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean ownDeletesAreVisible(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean ownInsertsAreVisible(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean othersUpdatesAreVisible(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean othersDeletesAreVisible(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean othersInsertsAreVisible(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean updatesAreDetected(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean deletesAreDetected(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean insertsAreDetected(int arg0) throws SQLException {
    return false;
  }

  @Override
  public boolean supportsBatchUpdates() throws SQLException {
    return false;
  }

  @Override
  public ResultSet getUDTs(String arg0, String arg1, String arg2, int[] arg3) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public boolean supportsSavepoints() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsNamedParameters() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsMultipleOpenResults() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsGetGeneratedKeys() throws SQLException {
    return false;
  }

  @Override
  public ResultSet getSuperTypes(String arg0, String arg1, String arg2) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getSuperTables(String arg0, String arg1, String arg2) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getAttributes(String arg0, String arg1, String arg2, String arg3) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public boolean supportsResultSetHoldability(int arg0) throws SQLException {
    return false;
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public int getDatabaseMajorVersion() throws SQLException {
    return SluiceDriver.MAJOR_VERSION;
  }

  @Override
  public int getDatabaseMinorVersion() throws SQLException {
    return SluiceDriver.MINOR_VERSION;
  }

  @Override
  public int getJDBCMajorVersion() throws SQLException {
    return 4;
  }

  @Override
  public int getJDBCMinorVersion() throws SQLException {
    return 2;
  }

  @Override
  public int getSQLStateType() throws SQLException {
    return sqlStateSQL;
  }

  @Override
  public boolean locatorsUpdateCopy() throws SQLException {
    return false;
  }

  @Override
  public boolean supportsStatementPooling() throws SQLException {
    return false;
  }

  @Override
  public RowIdLifetime getRowIdLifetime() throws SQLException {
    return RowIdLifetime.ROWID_UNSUPPORTED;
  }

  @Override
  public ResultSet getSchemas(String arg0, String arg1) throws SQLException {
    return list(schemaHeader(), List.of());
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
    return false;
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
    return false;
  }

  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
    return functions(functionNamePattern);
  }

  @Override
  public ResultSet getFunctionColumns(String arg0, String arg1, String arg2, String arg3) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public ResultSet getPseudoColumns(String arg0, String arg1, String arg2, String arg3) throws SQLException {
    return list(Schema.of(), List.of());
  }

  @Override
  public boolean generatedKeyAlwaysReturned() throws SQLException {
    return false;
  }
}
