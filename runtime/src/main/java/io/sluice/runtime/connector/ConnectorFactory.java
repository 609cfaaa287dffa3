package io.sluice.runtime.connector;

import io.sluice.plan.PlanNode;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.operator.StreamOperator;

/**
 * Builds readers and writers for one {@code 'connector'} option value. Factories are found
 * by name in {@code Connectors}; options they do not know are errors that name the table.
 */
public interface ConnectorFactory {
  /** The value of the {@code 'connector'} option this factory serves. */
  String name();

  /** A reader for the scan: only the scan's columns, with its filter applied. */
  SourceReader createReader(PlanNode.Scan scan);

  /** A sink operator writing rows (in the table's column order) to the table. */
  StreamOperator createSink(TableSpec table);

  /** Whether {@link #createReader(PlanNode.Scan, int, int)} can divide the table's rows between parallel readers. */
  default boolean supportsSplits(TableSpec table) {
    return false;
  }

  /**
   * A reader for split {@code split} of {@code splits}: together the splits read every row
   * exactly once. Only called when {@link #supportsSplits} is true.
   */
  default SourceReader createReader(PlanNode.Scan scan, int split, int splits) {
    if (splits == 1) {
      return createReader(scan);
    }
    throw new UnsupportedOperationException("Table '" + scan.table().name() + "' cannot be split");
  }

  /** Whether several instances of the table's sink may write concurrently (each from its own thread). */
  default boolean supportsParallelSink(TableSpec table) {
    return false;
  }
}
