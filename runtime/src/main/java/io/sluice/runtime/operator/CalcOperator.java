package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.codegen.CompiledCalc;
import org.apache.arrow.vector.VectorSchemaRoot;

/** An operator that filters and projects each batch with compiled code, emitting only non-empty batches. */
public final class CalcOperator implements StreamOperator {
  private final PlanNode.Calc spec;
  private final CalcProvider calcs;
  private CompiledCalc calc;
  private VectorSchemaRoot output;

  public CalcOperator(PlanNode.Calc spec, CalcProvider calcs) {
    this.spec = spec;
    this.calcs = calcs;
  }

  @Override
  public void open(OperatorContext context) {
    calc = calcs.compile(spec.input().schema(), spec.projections(), spec.condition());
    output = ArrowTypes.createRoot(spec.schema(), context.allocator());
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    Vectors.prepareForReuse(output);
    if (calc.evaluate(batch.root(), output) > 0) {
      out.emit(new Batch(output));
    }
  }

  @Override
  public void close() {
    if (output != null) {
      output.close();
    }
  }
}
