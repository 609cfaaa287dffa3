package io.sluice.runtime.operator;

import io.sluice.plan.TableSpec;
import java.util.Optional;

/** Catalog tables an operator may divert rows to (dead letters), looked up by name and opened as sinks. */
public interface TableSinks {
  /** No tables: for operators run outside a job's catalog, such as in tests and benchmarks. */
  TableSinks NONE = new TableSinks() {
    @Override
    public Optional<TableSpec> table(String name) {
      return Optional.empty();
    }

    @Override
    public StreamOperator createSink(TableSpec table) {
      throw new IllegalArgumentException("no table sinks here");
    }
  };

  Optional<TableSpec> table(String name);

  /** A new, unopened sink writing to {@code table}. */
  StreamOperator createSink(TableSpec table);
}
