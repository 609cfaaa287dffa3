package io.sluice.runtime.connector;

import io.sluice.plan.PlanNode;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.util.concurrent.atomic.LongAdder;

/** The {@code blackhole} connector: a sink that discards rows, counting them in {@code <table>.rows-written}. */
public final class BlackholeConnector implements ConnectorFactory {
  @Override
  public String name() {
    return "blackhole";
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan) {
    throw new IllegalArgumentException(
        "Table '" + scan.table().name() + "': the blackhole connector can only be written to");
  }

  @Override
  public boolean supportsParallelSink(TableSpec table) {
    return true;
  }

  @Override
  public StreamOperator createSink(TableSpec table) {
    return new StreamOperator() {
      private LongAdder written;

      @Override
      public void open(OperatorContext context) {
        written = context.metrics().counter(table.name() + ".rows-written");
      }

      @Override
      public void processBatch(int input, Batch batch, Collector out) {
        written.add(batch.rowCount());
      }
    };
  }
}
