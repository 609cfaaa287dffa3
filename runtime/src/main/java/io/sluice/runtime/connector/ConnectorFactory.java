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
}
