package io.sluice.runtime.operator;

import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.exec.ResultConsumer;

/** The sink of a query: hands every batch to the session's {@link ResultConsumer} (whose end the job signals). */
public final class ResultSinkOperator implements StreamOperator {
  private final Schema schema;
  private final ResultConsumer consumer;

  public ResultSinkOperator(Schema schema, ResultConsumer consumer) {
    this.schema = schema;
    this.consumer = consumer;
  }

  @Override
  public void open(OperatorContext context) {
    consumer.begin(schema);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    consumer.accept(batch);
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    consumer.watermark(watermark);
  }
}
