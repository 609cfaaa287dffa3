package io.sluice.runtime.operator;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.DataType;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.udf.UserFunction;
import io.sluice.udf.builtin.FunctionException;
import io.sluice.udf.spi.AggregateFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.arrow.vector.FieldVector;

/**
 * The state of one user aggregate call ({@link io.sluice.udf.spi.AggregateFunction}): one
 * accumulator object per group, created on the group's first row, fed boxed argument values
 * through the chosen {@code accumulate} (or {@code retract}) method.
 */
final class UserAggregateAccumulator extends Accumulator {
  private final UserFunction function;
  private final AggregateFunction<Object, Object> instance;
  private final Method accumulate;
  private final Method retract;
  private final Class<?>[] parameters;
  private final DataType[] argumentTypes;
  private final DataType resultType;
  private final Object[] call;
  private final UserErrors errors;
  private static final int ACCUMULATORS = 0;

  /** @param errors the operator's failure policy, shared by its user aggregates and closed by the operator */
  @SuppressWarnings("unchecked")
  UserAggregateAccumulator(AggregateCall spec, DataType[] argumentTypes, UserErrors errors) {
    super(new GroupColumns().withObjects(Object.class));
    this.errors = errors;
    this.function = spec.function();
    this.instance = (AggregateFunction<Object, Object>) function.newInstance();
    this.accumulate = spec.accumulate();
    this.retract = function.retractMethod(accumulate);
    this.parameters = function.argumentTypes(accumulate);
    this.argumentTypes = argumentTypes;
    this.resultType = spec.type();
    this.call = new Object[parameters.length + 1];
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    apply(accumulate, arguments, groups, rows, count);
  }

  /** Calls {@code method} (accumulate or retract) per row; rows with a NULL for a primitive parameter are skipped. */
  void apply(Method method, FieldVector[] arguments, int[] groups, int[] rows, int count) {
    outer:
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      for (int a = 0; a < parameters.length; a++) {
        Object value = JavaValues.read(arguments[a], row, argumentTypes[a], parameters[a]);
        if (value == null && parameters[a].isPrimitive()) {
          continue outer;
        }
        call[a + 1] = value;
      }
      call[0] = accumulator(groups[row]);
      invoke(method, call);
    }
  }

  void retract(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    if (retract == null) {
      throw new IllegalStateException("aggregate function '" + function.name() + "' has no retract method");
    }
    apply(retract, arguments, groups, rows, count);
  }

  private Object accumulator(int group) {
    Object[] accumulators = accumulators();
    Object accumulator = accumulators[group];
    if (accumulator == null) {
      accumulator = create();
      accumulators[group] = accumulator;
    }
    return accumulator;
  }

  private Object create() {
    try {
      return instance.createAccumulator();
    } catch (RuntimeException e) {
      throw failed("createAccumulator()", e);
    }
  }

  private void invoke(Method method, Object[] arguments) {
    try {
      method.invoke(instance, arguments);
    } catch (InvocationTargetException e) {
      // Under 'skip' the row is dropped; the accumulator keeps whatever the method did before throwing.
      // Accumulators see argument vectors, not batches, so the row's source position is not known here.
      errors.failed(function.name(), method.getName(), arguments, 1, null, e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method + ": " + e, e);
    }
  }

  private FunctionException failed(String call, Throwable cause) {
    return new FunctionException("Function '" + function.name() + "' failed in " + call + ": " + cause, cause);
  }

  /** The function's accumulator object per group, null until the group's first row. */
  private Object[] accumulators() {
    return columns.objects(ACCUMULATORS);
  }

  @Override
  void write(int group, FieldVector out, int row) {
    Object accumulator = accumulators()[group];
    if (accumulator == null) {
      accumulator = create();
    }
    Object value;
    try {
      value = instance.getValue(accumulator);
    } catch (RuntimeException e) {
      throw failed("getValue()", e);
    }
    JavaValues.write(out, row, value, resultType);
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    Object other = ((UserAggregateAccumulator) source).accumulators()[sourceGroup];
    if (other == null) {
      return;
    }
    try {
      instance.merge(accumulator(group), other);
    } catch (RuntimeException e) {
      throw failed("merge()", e);
    }
  }

  /**
   * True when the function's accumulator objects are {@link Serializable} and checkpoints cover
   * the dead-letter table's sink, if any (its owner snapshots it); a non-Serializable accumulator
   * throws rather than answer false, so that the job's refusal to checkpoint names the function.
   */
  @Override
  boolean supportsCheckpoints() {
    Object probe = create();
    if (!(probe instanceof Serializable)) {
      throw new IllegalArgumentException("Function '" + function.name() + "' cannot run with 'checkpoint.dir': its"
          + " accumulator class " + probe.getClass().getName() + " does not implement java.io.Serializable, so"
          + " checkpoints cannot snapshot it. Make the accumulator Serializable, or unset 'checkpoint.dir' to run"
          + " without recovery.");
    }
    return errors.supportsCheckpoints();
  }

  /** Each group's accumulator object in Java serialization form (absent groups as null). */
  @Override
  void snapshot(StateWriter state, int groups) {
    Object[] accumulators = accumulators();
    byte[][] serialized = new byte[groups][];
    for (int group = 0; group < groups; group++) {
      if (accumulators[group] != null) {
        serialized[group] = serialize(accumulators[group]);
      }
    }
    state.writeByteArrays(serialized, groups);
  }

  private byte[] serialize(Object accumulator) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(accumulator);
    } catch (IOException e) {
      throw new IllegalStateException("Function '" + function.name() + "': cannot serialize its accumulator for a"
          + " checkpoint (" + e + "); every field of " + accumulator.getClass().getName() + " must be Serializable"
          + " or transient", e);
    }
    return bytes.toByteArray();
  }

  /** Reads the accumulators back, resolving their classes through the function's class loader (its jar). */
  @Override
  void restore(StateReader state, int groups) {
    byte[][] serialized = state.readByteArrays(0);
    ensureGroups(groups);
    Object[] accumulators = accumulators();
    ClassLoader loader = function.type().getClassLoader();
    for (int group = 0; group < groups; group++) {
      accumulators[group] = serialized[group] == null ? null : deserialize(serialized[group], loader);
    }
  }

  private Object deserialize(byte[] bytes, ClassLoader loader) {
    try (ObjectInputStream in = new FunctionObjectInput(new ByteArrayInputStream(bytes), loader)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("Function '" + function.name() + "': cannot read its accumulator back from"
          + " the checkpoint (" + e + "); was the function's jar replaced by an incompatible version?", e);
    }
  }

  /** Java deserialization that finds classes in the function's jar first. */
  private static final class FunctionObjectInput extends ObjectInputStream {
    private final ClassLoader loader;

    FunctionObjectInput(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(description.getName(), false, loader);
      } catch (ClassNotFoundException notInJar) {
        return super.resolveClass(description);
      }
    }
  }
}
