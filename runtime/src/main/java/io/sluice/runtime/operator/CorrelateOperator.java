package io.sluice.runtime.operator;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.codegen.ExpressionException;
import io.sluice.runtime.codegen.UserFunctionFailure;
import io.sluice.runtime.codegen.CompiledCalc;
import io.sluice.udf.builtin.FunctionException;
import io.sluice.udf.spi.TableFunction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs {@code LATERAL TABLE(f(args))}: computes the argument columns of a batch with compiled
 * code, calls the user table function's {@code eval} per row, and appends each collected row
 * to a copy of its input row, emitting output batches of at most {@value #BATCH_ROWS} rows.
 */
final class CorrelateOperator implements StreamOperator {
  static final int BATCH_ROWS = 1024;

  private final PlanNode.Correlate spec;
  private final CalcProvider calcs;
  private final int inputColumns;
  private final Class<?>[] parameters;
  private final List<Object> collected = new ArrayList<>();
  private CompiledCalc argumentCalc;
  private VectorSchemaRoot argumentRoot;
  private VectorSchemaRoot output;
  private TableFunction<Object> instance;
  private Method[] components;
  private UserErrors errors;
  private int outputRows;

  CorrelateOperator(PlanNode.Correlate spec, CalcProvider calcs) {
    this.spec = spec;
    this.calcs = calcs;
    this.inputColumns = spec.input().schema().size();
    this.parameters = spec.eval().getParameterTypes();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OperatorContext context) {
    List<Field> argumentFields = new ArrayList<>();
    for (int i = 0; i < spec.arguments().size(); i++) {
      argumentFields.add(new Field("a" + i, spec.arguments().get(i).type()));
    }
    argumentCalc = calcs.compile(spec.input().schema(), spec.arguments(), null);
    argumentRoot = ArrowTypes.createRoot(new Schema(argumentFields), context.allocator());
    output = ArrowTypes.createRoot(spec.schema(), context.allocator());
    instance = (TableFunction<Object>) spec.function().newInstance();
    instance.setCollector(collected::add);
    Class<?> row = spec.function().rowType();
    if (row.isRecord()) {
      RecordComponent[] recordComponents = row.getRecordComponents();
      components = new Method[recordComponents.length];
      for (int i = 0; i < components.length; i++) {
        components[i] = recordComponents[i].getAccessor();
        components[i].trySetAccessible();
      }
    }
    errors = new UserErrors(context);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    Vectors.prepareForReuse(argumentRoot);
    try {
      argumentCalc.evaluate(batch.root(), argumentRoot);
    } catch (ExpressionException e) {
      if (e.getCause() instanceof UserFunctionFailure failure) {
        throw new ExpressionException(failure.messageAt(UserErrors.position(batch, failure.row())), failure);
      }
      throw e;
    }
    Object[] arguments = new Object[parameters.length];
    for (int row = 0; row < batch.rowCount(); row++) {
      collected.clear();
      if (readArguments(row, arguments) && !call(arguments, batch, row)) {
        continue;
      }
      if (collected.isEmpty() && spec.keepUnmatched()) {
        collected.add(null);
      }
      for (Object result : collected) {
        appendRow(batch, row, result);
        if (outputRows == BATCH_ROWS) {
          flush(out);
        }
      }
    }
    flush(out);
  }

  /** Reads row {@code row}'s arguments; false when a primitive parameter gets NULL, which emits nothing. */
  private boolean readArguments(int row, Object[] arguments) {
    for (int a = 0; a < arguments.length; a++) {
      DataType type = spec.arguments().get(a).type();
      arguments[a] = JavaValues.read(argumentRoot.getVector(a), row, type, parameters[a]);
      if (arguments[a] == null && parameters[a].isPrimitive()) {
        return false;
      }
    }
    return true;
  }

  /** Calls eval for row {@code row} of {@code batch}; false when it failed and the error policy dropped the row. */
  private boolean call(Object[] arguments, Batch batch, int row) {
    try {
      spec.eval().invoke(instance, arguments);
      return true;
    } catch (InvocationTargetException e) {
      collected.clear();
      errors.failed(spec.function().name(), "eval", arguments, 0, UserErrors.position(batch, row), e.getCause());
      return false;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + spec.eval() + ": " + e, e);
    }
  }

  private void appendRow(Batch batch, int row, Object result) {
    for (int c = 0; c < inputColumns; c++) {
      output.getVector(c).copyFromSafe(row, outputRows, batch.column(c));
    }
    Schema schema = spec.schema();
    int width = schema.size() - inputColumns;
    for (int c = 0; c < width; c++) {
      FieldVector vector = output.getVector(inputColumns + c);
      Object value = result == null ? null : components == null ? result : component(result, c);
      JavaValues.write(vector, outputRows, value, schema.type(inputColumns + c));
    }
    outputRows++;
  }

  private Object component(Object record, int index) {
    try {
      return components[index].invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new FunctionException("Function '" + spec.function().name() + "': cannot read row component "
          + components[index].getName() + ": " + e, e);
    }
  }

  @Override
  public void finish(Collector out) {
    errors.finish();
  }

  @Override
  public boolean supportsCheckpoints() {
    return errors.supportsCheckpoints();
  }

  /** The operator is stateless but for the dead-letter sink of failing rows, whose epoch ends with the checkpoint. */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    errors.snapshot(checkpoint, state);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    errors.restore(checkpoint, state);
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    errors.checkpointComplete(checkpoint);
  }

  private void flush(Collector out) {
    if (outputRows == 0) {
      return;
    }
    output.setRowCount(outputRows);
    out.emit(new Batch(output));
    Vectors.prepareForReuse(output);
    outputRows = 0;
  }

  @Override
  public void close() {
    if (errors != null) {
      errors.close();
    }
    if (argumentRoot != null) {
      argumentRoot.close();
    }
    if (output != null) {
      output.close();
    }
  }
}
