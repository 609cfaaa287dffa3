package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.BatchOrigin;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.codegen.CompiledCalc;
import io.sluice.runtime.codegen.ExpressionException;
import io.sluice.runtime.codegen.UserFunctionFailure;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An operator that filters and projects each batch with compiled code, emitting only non-empty
 * batches. When a user function throws and the session's {@code 'udf.errors'} is {@code skip} or
 * {@code dead-letter}, the batch is evaluated again row by row and the failing rows are dropped
 * (see {@link UserErrors}); the other rows are evaluated twice, so functions with side effects see them twice.
 * A failure names the row's source position when the input batch has an origin; the output
 * keeps the origin, mapped through the filter's selection.
 */
public final class CalcOperator implements StreamOperator {
  private final PlanNode.Calc spec;
  private final CalcProvider calcs;
  private UserErrors errors;
  private OperatorContext context;
  private CompiledCalc calc;
  private VectorSchemaRoot output;
  private VectorSchemaRoot oneRow;
  /** The input index of each output row, recorded only for filtering over batches with an origin. */
  private int[] selection = new int[0];

  public CalcOperator(PlanNode.Calc spec, CalcProvider calcs) {
    this.spec = spec;
    this.calcs = calcs;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    calc = calcs.compile(spec.input().schema(), spec.projections(), spec.condition());
    output = ArrowTypes.createRoot(spec.schema(), context.allocator());
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    Vectors.prepareForReuse(output);
    BatchOrigin origin = batch.origin();
    int[] selected = null;
    if (origin != null && spec.condition() != null) {
      if (selection.length < batch.rowCount()) {
        selection = new int[batch.rowCount()];
      }
      selected = selection;
    }
    int rows;
    try {
      rows = calc.evaluate(batch.root(), output, selected);
    } catch (ExpressionException e) {
      if (!(e.getCause() instanceof UserFunctionFailure failure)) {
        throw e;
      }
      if (!skips(failure)) {
        throw new ExpressionException(failure.messageAt(UserErrors.position(batch, failure.row())), failure);
      }
      Vectors.prepareForReuse(output);
      rows = evaluateRowByRow(batch, selected);
    }
    if (rows > 0) {
      out.emit(new Batch(output, origin == null ? null : selected == null ? origin : origin.select(selected)));
    }
  }

  /** Whether the policy drops the failing row (else it throws, naming the function and arguments). */
  private boolean skips(UserFunctionFailure failure) {
    return errors().skips();
  }

  /** The error policy, read from the session options when a user function first fails. */
  private UserErrors errors() {
    if (errors == null) {
      errors = new UserErrors(context);
    }
    return errors;
  }

  @Override
  public void finish(Collector out) {
    if (errors != null) {
      errors.finish();
    }
  }

  @Override
  public boolean supportsCheckpoints() {
    return !context.options().getOrDefault(UserErrors.OPTION, "fail").equals("dead-letter")
        || errors().supportsCheckpoints();
  }

  /** The operator is stateless but for the dead-letter sink of failing rows, whose epoch ends with the checkpoint. */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    state.writeBoolean(errors != null);
    if (errors != null) {
      errors.snapshot(checkpoint, state);
    }
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    if (state.readBoolean()) {
      errors().restore(checkpoint, state);
    }
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    if (errors != null) {
      errors.checkpointComplete(checkpoint);
    }
  }

  /** The slow path after a user function failed under 'skip': one row at a time, failing rows dropped. */
  private int evaluateRowByRow(Batch batch, int[] selected) {
    VectorSchemaRoot input = batch.root();
    if (oneRow == null) {
      oneRow = ArrowTypes.createRoot(spec.schema(), context.allocator());
    }
    int rows = 0;
    for (int row = 0; row < input.getRowCount(); row++) {
      try (VectorSchemaRoot slice = input.slice(row, 1)) {
        Vectors.prepareForReuse(oneRow);
        if (calc.evaluate(slice, oneRow) == 1) {
          if (selected != null) {
            selected[rows] = row;
          }
          Vectors.copyRow(oneRow, 0, output, rows++);
        }
      } catch (ExpressionException e) {
        if (!(e.getCause() instanceof UserFunctionFailure failure)) {
          throw e;
        }
        String position = UserErrors.position(batch, row);
        errors.dropped(failure.function(), failure.arguments(), String.valueOf(failure.getCause()), position,
            failure.messageAt(position));
      }
    }
    output.setRowCount(rows);
    return rows;
  }

  @Override
  public void close() {
    if (errors != null) {
      errors.close();
    }
    if (output != null) {
      output.close();
    }
    if (oneRow != null) {
      oneRow.close();
    }
  }
}
