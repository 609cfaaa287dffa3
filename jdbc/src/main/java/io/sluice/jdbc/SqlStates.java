package io.sluice.jdbc;

import io.sluice.parser.error.SqlSyntaxException;
import io.sluice.planner.PlanningException;
import io.sluice.runtime.codegen.ExpressionException;
import io.sluice.runtime.connector.ExternalDataException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.time.DateTimeException;
import java.util.regex.Pattern;

/**
 * The translation of engine failures into {@link SQLException}s with a SQLSTATE: 42000 for
 * syntax and validation errors, 42S02 and 42S22 for unknown tables and columns, 22xxx for
 * bad data, XX000 for anything else. The message is the engine's, with its line:column.
 */
final class SqlStates {
  static final String SYNTAX_OR_ACCESS = "42000";
  static final String UNKNOWN_TABLE = "42S02";
  static final String UNKNOWN_COLUMN = "42S22";
  static final String DATA = "22000";
  static final String DIVISION_BY_ZERO = "22012";
  static final String INVALID_CAST = "22018";
  static final String DATETIME = "22007";
  static final String INTERNAL = "XX000";

  private static final Pattern TABLE_MISSING = Pattern.compile(
      "(?:Object|Table|View|Table or view) '[^']+' (?:not found|does not exist)");
  private static final Pattern COLUMN_MISSING = Pattern.compile("Column '[^']+' not found");

  private SqlStates() {}

  /** A statement the session refused while parsing, validating or planning it. */
  static SQLException ofStatement(RuntimeException e) {
    if (e instanceof SqlSyntaxException) {
      return new SQLSyntaxErrorException(e.getMessage(), SYNTAX_OR_ACCESS, e);
    }
    if (e instanceof StatementException || e instanceof PlanningException) {
      String message = e.getMessage();
      String state = TABLE_MISSING.matcher(message).find() ? UNKNOWN_TABLE
          : COLUMN_MISSING.matcher(message).find() ? UNKNOWN_COLUMN : SYNTAX_OR_ACCESS;
      return new SQLSyntaxErrorException(message, state, e);
    }
    return ofFailure(e);
  }

  /** A running query or job that failed: bad data is 22xxx, everything else XX000. */
  static SQLException ofFailure(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    String state = INTERNAL;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ArithmeticException) {
        state = String.valueOf(cause.getMessage()).contains("by zero") ? DIVISION_BY_ZERO : DATA;
        break;
      }
      if (cause instanceof NumberFormatException) {
        state = INVALID_CAST;
        break;
      }
      if (cause instanceof DateTimeException) {
        state = DATETIME;
        break;
      }
      if (cause instanceof ExpressionException || cause instanceof ExternalDataException) {
        // Keep looking: a cause may say more precisely what was wrong with the value.
        state = DATA;
      }
    }
    return state.equals(INTERNAL) ? new SQLException(message, state, failure)
        : new SQLDataException(message, state, failure);
  }
}
