package io.sluice.runtime.operator;

import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.udf.builtin.FunctionException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An operator's policy for a row on which a user function throws, session option
 * {@code 'udf.errors'}: {@code fail} (default) stops the query with the function's name, the
 * row's arguments and the exception; {@code skip} drops the row and counts it as
 * {@code <function>.udf-rows-skipped}, noting the first failure in the job's metrics;
 * {@code dead-letter} also writes the function, arguments, error and time to the table named by
 * {@code 'udf.dead-letter.table'} through that table's sink. The owner closes it.
 *
 * <p>With checkpoints the owner snapshots the dead-letter sink with its own state, so the dead
 * letters of the rows before a checkpoint's barrier form that checkpoint's epoch and are
 * published once it is durable (an exactly-once sink); a restore replays the rest.
 */
final class UserErrors implements AutoCloseable {
  static final String OPTION = "udf.errors";
  static final String TABLE_OPTION = "udf.dead-letter.table";
  /**
   * The dead-letter table's required columns, matched by name; an optional VARCHAR column
   * {@code source_position} gets the row's source position, any other column NULL.
   */
  static final List<String> DEAD_LETTER_COLUMNS = List.of("function_name", "arguments", "error", "failed_at");

  private final OperatorContext context;
  private final String policy;
  private final TableSpec table;
  private StreamOperator sink;
  private BufferAllocator allocator;
  private VectorSchemaRoot deadLetters;
  private final boolean checkpointed;
  private boolean finished;

  UserErrors(OperatorContext context) {
    this.context = context;
    this.checkpointed = CheckpointStore.enabled(context.options());
    this.policy = context.options().getOrDefault(OPTION, "fail");
    if (!List.of("fail", "skip", "dead-letter").contains(policy)) {
      throw new IllegalArgumentException("Option '" + OPTION + "' must be 'fail', 'skip' or 'dead-letter', not '"
          + policy + "'");
    }
    if (!policy.equals("dead-letter")) {
      table = null;
      return;
    }
    String name = context.options().getOrDefault(TABLE_OPTION, "");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("'" + OPTION + "' = 'dead-letter' needs SET '" + TABLE_OPTION
          + "' = 'table' naming the table to write failing rows to");
    }
    table = context.tables().table(name).orElseThrow(() -> new IllegalArgumentException(
        "The user function dead-letter table '" + name + "' (option '" + TABLE_OPTION + "') does not exist"));
    for (String column : DEAD_LETTER_COLUMNS) {
      int index = table.schema().indexOf(column);
      TypeKind kind = index < 0 ? null : table.schema().type(index).kind();
      if (kind != (column.equals("failed_at") ? TypeKind.TIMESTAMP : TypeKind.VARCHAR)) {
        throw new IllegalArgumentException("The user function dead-letter table '" + name + "' needs the columns"
            + " function_name VARCHAR, arguments VARCHAR, error VARCHAR, failed_at TIMESTAMP(3); column '" + column
            + "' is missing or has another type");
      }
    }
    int position = table.schema().indexOf("source_position");
    if (position >= 0 && table.schema().type(position).kind() != TypeKind.VARCHAR) {
      throw new IllegalArgumentException("The user function dead-letter table '" + name
          + "': column 'source_position' must be VARCHAR");
    }
  }

  /** Whether failing rows are dropped (and possibly written to the dead-letter table) rather than failing the query. */
  boolean skips() {
    return !policy.equals("fail");
  }

  /**
   * Applies the policy to a call of {@code function} ({@code call} names the method) with
   * {@code arguments[from..]} that threw {@code cause}; returns normally when the row is dropped.
   *
   * @throws FunctionException under {@code fail}, naming the function and arguments
   */
  void failed(String function, String call, Object[] arguments, int from, String position, Throwable cause) {
    String described = JavaValues.describe(arguments, from);
    String message = "Function '" + function + "' failed in " + call + described
        + (position == null ? "" : " at " + position) + ": " + cause;
    if (!skips()) {
      throw new FunctionException(message + ". Fix the function or its input, or SET '" + OPTION
          + "' = 'skip' (or 'dead-letter') to drop such rows", cause);
    }
    dropped(function, described, String.valueOf(cause), position, message);
  }

  /** Where row {@code row} of {@code batch} was read, or null when the batch does not know. */
  static String position(Batch batch, int row) {
    return batch.origin() == null || row < 0 ? null : batch.origin().position(row);
  }

  /**
   * Counts a dropped row of {@code function} (and writes it to the dead-letter table under
   * that policy, with the row's source {@code position} if known); the first failure's
   * {@code message} is kept in the job's notes.
   */
  void dropped(String function, String arguments, String error, String position, String message) {
    context.metrics().note(function + ".first-udf-failure", message);
    context.metrics().counter(function + ".udf-rows-skipped").increment();
    if (table != null) {
      writeDeadLetter(function, arguments, error, position);
    }
  }

  /** Whether checkpoints cover the dead-letter table's sink (true without one). */
  boolean supportsCheckpoints() {
    return table == null || context.tables().createSink(table).supportsCheckpoints();
  }

  /** Ends the dead-letter sink's epoch as part of checkpoint {@code checkpoint}: the owner calls it from its snapshot. */
  void snapshot(long checkpoint, StateWriter state) {
    state.writeBoolean(sink != null);
    if (sink != null) {
      sink.snapshot(checkpoint, state);
    }
  }

  /** Restores the dead-letter sink from what {@link #snapshot} wrote (opening it if the checkpoint had one). */
  void restore(long checkpoint, StateReader state) {
    if (state.readBoolean()) {
      openSink();
      sink.restore(checkpoint, state);
    }
  }

  /** Tells the dead-letter sink that a checkpoint is durable (an exactly-once sink then publishes). */
  void checkpointComplete(long checkpoint) {
    if (sink != null) {
      sink.checkpointComplete(checkpoint);
    }
  }

  /** Finishes the dead-letter sink: the owner's input has ended. */
  void finish() {
    if (sink != null && !finished) {
      finished = true;
      sink.finish(NO_OUTPUT);
    }
  }

  private void openSink() {
    if (sink != null) {
      return;
    }
    allocator = context.allocator().newChildAllocator(context.name() + " udf dead letters", 0, Long.MAX_VALUE);
    deadLetters = ArrowTypes.createRoot(table.schema(), allocator);
    sink = context.tables().createSink(table);
    sink.open(new OperatorContext(context.name() + " -> " + table.name(), allocator, context.metrics(),
        context.options()));
  }

  private void writeDeadLetter(String function, String arguments, String error, String position) {
    openSink();
    Vectors.prepareForReuse(deadLetters);
    Schema schema = table.schema();
    for (int c = 0; c < schema.size(); c++) {
      FieldVector vector = deadLetters.getVector(c);
      String value = switch (schema.field(c).name()) {
        case "function_name" -> function;
        case "arguments" -> arguments;
        case "error" -> error;
        case "source_position" -> position;
        default -> null;
      };
      if (schema.field(c).name().equals("failed_at")) {
        Vectors.setLong(vector, 0, System.currentTimeMillis());
      } else if (value != null) {
        ((VarCharVector) vector).setSafe(0, value.getBytes(StandardCharsets.UTF_8));
      } else {
        Vectors.setNull(vector, 0);
      }
    }
    deadLetters.setRowCount(1);
    sink.processBatch(0, new Batch(deadLetters), NO_OUTPUT);
  }

  @Override
  public void close() {
    if (sink == null) {
      return;
    }
    try {
      // With checkpoints, the dead letters after the last checkpoint are written again by the restored job.
      if (!checkpointed) {
        finish();
      }
      sink.close();
    } finally {
      deadLetters.close();
      allocator.close();
      sink = null;
    }
  }

  /** A dead-letter sink's output goes nowhere. */
  private static final Collector NO_OUTPUT = new Collector() {
    @Override
    public void emit(Batch batch) {}

    @Override
    public void emitWatermark(long watermark) {}
  };
}
