package io.sluice.jdbc;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.Schema;
import io.sluice.runtime.exec.Job;
import io.sluice.runtime.exec.ResultConsumer;
import java.util.List;
import java.util.function.Function;

/** What executing one statement produced: a status message, a small table, a text, a query to run, or a started job. */
public sealed interface Outcome {
  /** A statement that changed the session (DDL, SET): the message says what happened. */
  record Message(String text) implements Outcome {}

  /** A small, complete result computed by the session itself (SHOW, DESCRIBE). */
  record Rows(Schema schema, List<List<Object>> rows) implements Outcome {
    public Rows {
      requireNonNull(schema, "schema is null");
      rows = List.copyOf(rows);
    }
  }

  /** A text for people (EXPLAIN). */
  record Text(String text) implements Outcome {}

  /**
   * A planned query, not started yet: {@link #start} runs it and hands its rows to the consumer.
   *
   * @param schema the columns clients see: for a changelog, {@code op} first (see {@code RowKind.clientSchema})
   * @param bounded whether every source is finite, so the query ends by itself
   */
  record Query(Schema schema, boolean bounded, PhysicalPlan plan, Function<ResultConsumer, Job> starter)
      implements Outcome {
    public Job start(ResultConsumer consumer) {
      return starter.apply(consumer);
    }
  }

  /** INSERT INTO started a job writing into {@code table}; it runs in the background. */
  record Insert(String table, Job job) implements Outcome {}
}
