package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/** Where a plan's rows go: back to the client that asked, or into a table's connector. */
public sealed interface SinkSpec {
  /** The rows are the result of a query, handed to the session's result consumer. */
  record Result() implements SinkSpec {}

  /** INSERT INTO: the rows, already in the table's column order and types, go to its connector. */
  record Table(TableSpec table) implements SinkSpec {
    public Table {
      requireNonNull(table, "table is null");
    }
  }
}
