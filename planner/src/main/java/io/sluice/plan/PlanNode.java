package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A node of a physical streaming plan: an immutable operator spec the runtime turns into
 * an operator. Plans are trees whose leaves are {@link Values} and {@link Scan}.
 */
public sealed interface PlanNode {
  /** The columns this node emits. */
  Schema schema();

  List<PlanNode> inputs();

  /** Literal rows; each value uses the Java representation of its column's type. */
  record Values(Schema schema, List<List<Object>> rows) implements PlanNode {
    public Values {
      requireNonNull(schema, "schema is null");
      rows = List.copyOf(rows.stream().map(java.util.Collections::unmodifiableList).toList());
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of();
    }
  }

  /**
   * Reads a table through its connector, decoding only {@code columns} (indexes into the
   * table schema, in output order) and keeping only rows where {@code filter} (over the
   * output columns, or null) is TRUE.
   */
  record Scan(TableSpec table, List<Integer> columns, ExprSpec filter, Schema schema) implements PlanNode {
    public Scan {
      requireNonNull(table, "table is null");
      columns = List.copyOf(columns);
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of();
    }
  }

  /** Keeps rows where {@code condition} (or null: every row) is TRUE and computes {@code projections}. */
  record Calc(PlanNode input, List<ExprSpec> projections, ExprSpec condition, Schema schema) implements PlanNode {
    public Calc {
      requireNonNull(input, "input is null");
      projections = List.copyOf(projections);
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /**
   * Groups by {@code groupKeys} (input columns) and computes {@code calls}; emits the keys
   * then the aggregates. With no keys, emits exactly one row, even over empty input.
   */
  record Aggregate(PlanNode input, List<Integer> groupKeys, List<AggregateCall> calls, Schema schema)
      implements PlanNode {
    public Aggregate {
      requireNonNull(input, "input is null");
      groupKeys = List.copyOf(groupKeys);
      calls = List.copyOf(calls);
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /**
   * A continuous GROUP BY over unbounded input: groups by {@code groupKeys} (input columns),
   * computes {@code calls}, and emits a changelog (keys, aggregates, then
   * {@link RowKind#COLUMN}): +I for a new group, -U/+U when a group's result changes (once
   * per group per input batch), -D when a group loses its last row. A changelog input is
   * retracted: its -U and -D rows are subtracted.
   */
  record GroupAggregate(PlanNode input, List<Integer> groupKeys, List<AggregateCall> calls, Schema schema)
      implements PlanNode {
    public GroupAggregate {
      requireNonNull(input, "input is null");
      groupKeys = List.copyOf(groupKeys);
      calls = List.copyOf(calls);
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /** Sorts all input rows (bounded input) and then skips {@code offset} and keeps {@code fetch} ({@code -1}: all). */
  record Sort(PlanNode input, List<SortKey> keys, long offset, long fetch, Schema schema) implements PlanNode {
    public Sort {
      requireNonNull(input, "input is null");
      keys = List.copyOf(keys);
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /** Passes rows through in arrival order, skipping {@code offset} and then keeping {@code fetch} ({@code -1}: all). */
  record Limit(PlanNode input, long offset, long fetch, Schema schema) implements PlanNode {
    public Limit {
      requireNonNull(input, "input is null");
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /** UNION ALL: every row of every input, inputs having this node's schema. */
  record Union(List<PlanNode> inputs, Schema schema) implements PlanNode {
    public Union {
      inputs = List.copyOf(inputs);
      requireNonNull(schema, "schema is null");
    }
  }

  /**
   * A regular (unbounded) hash join: rows of {@code left} and {@code right} match when their
   * key columns ({@code leftKeys[i]} of the left equals {@code rightKeys[i]} of the right, NULL
   * never matching) are equal and {@code residual} (over the left columns followed by the
   * right columns, or null) is TRUE. The keys are also how parallel execution partitions
   * each input. With {@code boundedInputs} unmatched rows are emitted NULL-padded once the
   * inputs end and the output is append-only; otherwise outer and anti joins emit a
   * changelog (the schema ends with {@link RowKind#COLUMN}) and the join state grows
   * without bound unless a state TTL is set.
   */
  record Join(PlanNode left, PlanNode right, JoinKind kind, List<Integer> leftKeys, List<Integer> rightKeys,
      ExprSpec residual, boolean boundedInputs, Schema schema) implements PlanNode {
    public Join {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
      requireNonNull(kind, "kind is null");
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
      if (leftKeys.size() != rightKeys.size()) {
        throw new IllegalArgumentException("a join needs as many left keys as right keys");
      }
      requireNonNull(schema, "schema is null");
    }

    /** Whether the output is a changelog rather than append-only. */
    public boolean changelog() {
      return RowKind.isChangelog(schema);
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(left, right);
    }
  }

  /**
   * An interval join: rows match as in {@link Join} (equal non-NULL keys and {@code residual}
   * TRUE, null meaning none) and the right row's event time lies within
   * {@code [left time + lowerMillis, left time + upperMillis]}; strict bounds of the query stay
   * in the residual.
   * Each input's event time is its column {@code leftTime} ({@code rightTime}) minus
   * {@code leftTimeShift} ({@code rightTimeShift}): the column may hold the event-time
   * attribute shifted by a constant, such as {@code ts - INTERVAL '5' MINUTE}. The bounds let
   * a row leave the state once the watermark has passed the last time a partner could have;
   * unmatched rows of an outer join are emitted NULL-padded at that moment. Append-only.
   *
   * <p>A bound may instead be a column of the other row ({@code b.ts <= a.expires}):
   * {@code leftUntil} says a left row only meets right rows up to its column's time,
   * {@code rightUntil} the same for right rows, null meaning none. {@code upperMillis} is then
   * {@link Long#MAX_VALUE} when only {@code leftUntil} bounds a left row's partners, and
   * {@code lowerMillis} {@link Long#MIN_VALUE} when only {@code rightUntil} bounds a right row's.
   */
  record IntervalJoin(PlanNode left, PlanNode right, JoinKind kind, List<Integer> leftKeys, List<Integer> rightKeys,
      int leftTime, long leftTimeShift, int rightTime, long rightTimeShift, long lowerMillis, long upperMillis,
      ColumnBound leftUntil, ColumnBound rightUntil, ExprSpec residual, Schema schema)
      implements PlanNode {
    /** A bound read from a row: the partner's event time is at most column {@code column} plus {@code offsetMillis}. */
    public record ColumnBound(int column, long offsetMillis) {}

    /** An interval join whose bounds are both constants. */
    public IntervalJoin(PlanNode left, PlanNode right, JoinKind kind, List<Integer> leftKeys, List<Integer> rightKeys,
        int leftTime, long leftTimeShift, int rightTime, long rightTimeShift, long lowerMillis, long upperMillis,
        ExprSpec residual, Schema schema) {
      this(left, right, kind, leftKeys, rightKeys, leftTime, leftTimeShift, rightTime, rightTimeShift, lowerMillis,
          upperMillis, null, null, residual, schema);
    }

    public IntervalJoin {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
      requireNonNull(kind, "kind is null");
      if (!kind.emitsRight()) {
        throw new IllegalArgumentException("an interval join is inner, left, right or full, not " + kind);
      }
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
      if (leftKeys.size() != rightKeys.size()) {
        throw new IllegalArgumentException("a join needs as many left keys as right keys");
      }
      if (lowerMillis > upperMillis) {
        throw new IllegalArgumentException("an interval join needs lower <= upper bound");
      }
      if (upperMillis == Long.MAX_VALUE && leftUntil == null || lowerMillis == Long.MIN_VALUE && rightUntil == null) {
        throw new IllegalArgumentException("an interval join needs a constant or column bound for each side's rows");
      }
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(left, right);
    }
  }

  /**
   * A temporal join of each left row with the version of the right (versioned) table valid at
   * the row's event time: the latest right row with the row's key ({@code leftKeys} equal to
   * {@code rightKeys}, NULL never matching) whose time column {@code rightTime} is at or before
   * the left row's {@code leftTime}, if {@code residual} (over left then right columns, or
   * null) holds for it. Left rows wait until the watermark passes their time, then leave, joined or
   * (LEFT) NULL-padded; versions no later left row can need are dropped. Append-only.
   */
  record TemporalJoin(PlanNode left, PlanNode right, JoinKind kind, List<Integer> leftKeys, List<Integer> rightKeys,
      int leftTime, int rightTime, ExprSpec residual, Schema schema) implements PlanNode {
    public TemporalJoin {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
      if (kind != JoinKind.INNER && kind != JoinKind.LEFT) {
        throw new IllegalArgumentException("a temporal join is inner or left, not " + kind);
      }
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
      if (leftKeys.isEmpty() || leftKeys.size() != rightKeys.size()) {
        throw new IllegalArgumentException("a temporal join needs as many left keys as right keys, at least one");
      }
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(left, right);
    }
  }

  /**
   * A lookup join of each left row with the current content of {@code table}: its
   * {@code columns} (table column indexes, in the order they follow the left columns in the
   * output), read from the file whole into a hash table on {@code rightKeys} (positions in
   * {@code columns}) and read again when the file has changed (checked as often as its option
   * {@code 'lookup.refresh-interval'} says). A left row joins every table row with equal non-NULL
   * keys for which {@code residual} (over left then {@code columns}, or null) holds; a LEFT join
   * pads a row without any with NULLs. Emits as rows arrive: append-only.
   */
  record LookupJoin(PlanNode left, TableSpec table, List<Integer> columns, JoinKind kind, List<Integer> leftKeys,
      List<Integer> rightKeys, ExprSpec residual, Schema schema) implements PlanNode {
    public LookupJoin {
      requireNonNull(left, "left is null");
      requireNonNull(table, "table is null");
      columns = List.copyOf(columns);
      if (kind != JoinKind.INNER && kind != JoinKind.LEFT) {
        throw new IllegalArgumentException("a lookup join is inner or left, not " + kind);
      }
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
      if (leftKeys.isEmpty() || leftKeys.size() != rightKeys.size()) {
        throw new IllegalArgumentException("a lookup join needs as many left keys as right keys, at least one");
      }
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(left);
    }
  }

  /**
   * Aggregates rows per event-time window and group key ({@code groupKeys}, input columns)
   * and emits {@code [keys..., window_start, window_end, window_time, calls...]} once per
   * window and key when the watermark passes the window's end plus the allowed lateness:
   * the output is append-only. HOP and CUMULATE keep partial aggregates per slice
   * ({@link WindowSpec#sliceLength()}) and merge them per window; SESSION windows are per key.
   *
   * <p>With early firing ({@code earlyFireInterval} at least 0) the output is a changelog
   * (the schema ends with {@link RowKind#COLUMN}): open windows whose results changed emit
   * them early, {@code +I} the first time and {@code -U}/{@code +U} pairs after, every
   * {@code earlyFireInterval} milliseconds of processing time, or on every watermark advance
   * when it is 0; a window's last change is emitted when it closes.
   *
   * @param earlyFireInterval {@link #FINAL_ONLY}, or the early-firing interval in milliseconds
   */
  record WindowAggregate(
      PlanNode input, WindowSpec window, List<Integer> groupKeys, List<AggregateCall> calls, LatenessSpec lateness,
      Schema schema, long earlyFireInterval) implements PlanNode {
    /** The {@code earlyFireInterval} of a window aggregation that emits final results only. */
    public static final long FINAL_ONLY = -1;

    public WindowAggregate {
      requireNonNull(input, "input is null");
      requireNonNull(window, "window is null");
      groupKeys = List.copyOf(groupKeys);
      calls = List.copyOf(calls);
      requireNonNull(lateness, "lateness is null");
      requireNonNull(schema, "schema is null");
      if (earlyFireInterval < FINAL_ONLY) {
        throw new IllegalArgumentException("early-fire interval is negative: " + earlyFireInterval);
      }
      if (earlyFireInterval != FINAL_ONLY && !RowKind.isChangelog(schema)) {
        throw new IllegalArgumentException("an early-firing window aggregation emits a changelog: " + schema);
      }
    }

    /** A window aggregation emitting final, append-only results. */
    public WindowAggregate(PlanNode input, WindowSpec window, List<Integer> groupKeys, List<AggregateCall> calls,
        LatenessSpec lateness, Schema schema) {
      this(input, window, groupKeys, calls, lateness, schema, FINAL_ONLY);
    }

    /** Whether open windows emit early results (a changelog). */
    public boolean earlyFiring() {
      return earlyFireInterval != FINAL_ONLY;
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /**
   * A window table function without aggregation: emits every input row once per window it
   * belongs to (once for TUMBLE, size / slide times for HOP), followed by
   * {@code window_start, window_end, window_time}; rows whose windows have all closed are late.
   */
  record WindowAssign(PlanNode input, WindowSpec window, LatenessSpec lateness, Schema schema) implements PlanNode {
    public WindowAssign {
      requireNonNull(input, "input is null");
      requireNonNull(window, "window is null");
      requireNonNull(lateness, "lateness is null");
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /**
   * OVER aggregates per partition ({@code partitionKeys}, input columns) ordered by the
   * event-time column {@code timeColumn}: rows wait until the watermark (minus the allowed
   * lateness) passes their time, then each is emitted, per partition in time order, with
   * {@code calls} over its frame appended to its columns. With {@code rowsFrame} the frame is
   * the {@code preceding} rows before the row and the row itself (ROWS BETWEEN n PRECEDING AND
   * CURRENT ROW); otherwise it is every row whose time lies within {@code preceding}
   * milliseconds before the row's time up to and including it (RANGE BETWEEN INTERVAL ...
   * PRECEDING AND CURRENT ROW). The output is append-only; late rows are dropped and counted.
   */
  record OverAggregate(PlanNode input, List<Integer> partitionKeys, int timeColumn, boolean rowsFrame,
      long preceding, List<AggregateCall> calls, LatenessSpec lateness, Schema schema) implements PlanNode {
    public OverAggregate {
      requireNonNull(input, "input is null");
      partitionKeys = List.copyOf(partitionKeys);
      if (preceding < 0) {
        throw new IllegalArgumentException("preceding is negative: " + preceding);
      }
      calls = List.copyOf(calls);
      requireNonNull(lateness, "lateness is null");
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /**
   * Calls a user table function once per input row ({@code arguments} are expressions over the
   * input columns, {@code eval} the chosen overload) and emits the input row's columns followed
   * by each row the function collects, in order. With {@code keepUnmatched} (LEFT JOIN LATERAL
   * ... ON TRUE) an input row the function emits nothing for is emitted once with NULL function
   * columns. Append-only; row by row with no state, so it runs in any partition.
   */
  record Correlate(PlanNode input, io.sluice.udf.UserFunction function, java.lang.reflect.Method eval,
      List<ExprSpec> arguments, boolean keepUnmatched, Schema schema) implements PlanNode {
    public Correlate {
      requireNonNull(input, "input is null");
      requireNonNull(function, "function is null");
      requireNonNull(eval, "eval is null");
      arguments = List.copyOf(arguments);
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }

  /**
   * Window Top-N: keeps the first {@code limit} rows by {@code sortKeys} of each window and
   * partition ({@code partitionKeys}, input columns that include the window's start and end)
   * and emits them, ranked, once the watermark minus the allowed lateness passes the window's
   * end ({@code windowEnd}, an input column): the output is append-only. Rows that tie on the
   * sort keys rank by their remaining columns, so the result does not depend on arrival order.
   * With {@code keepRank} the output is the input columns followed by the rank (BIGINT, from 1);
   * otherwise the input columns only.
   */
  record WindowTopN(PlanNode input, List<Integer> partitionKeys, List<SortKey> sortKeys, long limit,
      boolean keepRank, int windowEnd, LatenessSpec lateness, Schema schema) implements PlanNode {
    public WindowTopN {
      requireNonNull(input, "input is null");
      partitionKeys = List.copyOf(partitionKeys);
      sortKeys = List.copyOf(sortKeys);
      if (limit < 1) {
        throw new IllegalArgumentException("a Top-N keeps at least one row, not " + limit);
      }
      requireNonNull(lateness, "lateness is null");
      requireNonNull(schema, "schema is null");
    }

    @Override
    public List<PlanNode> inputs() {
      return List.of(input);
    }
  }
}
