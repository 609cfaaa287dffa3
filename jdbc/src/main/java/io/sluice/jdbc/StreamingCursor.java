package io.sluice.jdbc;

import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.exec.Job;
import io.sluice.runtime.exec.ResultConsumer;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The rows of a running query. The job's thread copies each batch into row chunks of at
 * most the fetch size on a bounded queue (so a slow reader applies back-pressure to the
 * job); {@link #next} waits for the next row, the end of the query, its failure, or the
 * deadline. Rows have the client columns (RowKind.clientSchema) of the result (a changelog's row kind first).
 */
final class StreamingCursor implements RowCursor, ResultConsumer {
  private static final Object[][] END = new Object[0][];
  private static final int QUEUE_CHUNKS = 16;
  /** Rows per hand-over when the client gave no fetch size: large enough to amortise the queue. */
  static final int DEFAULT_FETCH_SIZE = 1024;

  private final Schema schema;
  private final Schema clientSchema;
  private final boolean changelog;
  private final int fetchSize;
  private final BlockingQueue<Object[][]> chunks = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  private final ArrayDeque<Object[]> current = new ArrayDeque<>();
  private final long deadlineNanos;
  private final long maxRows;
  private Job job;
  private long delivered;
  private boolean ended;

  /**
   * @param timeoutSeconds the query timeout, 0 for none
   * @param maxRows the row limit, 0 for none
   * @param fetchSize rows handed to the reader at a time, 0 for the default
   */
  StreamingCursor(Schema schema, int timeoutSeconds, long maxRows, int fetchSize) {
    this.schema = schema;
    this.changelog = RowKind.isChangelog(schema);
    this.clientSchema = RowKind.clientSchema(schema);
    this.fetchSize = fetchSize > 0 ? fetchSize : DEFAULT_FETCH_SIZE;
    this.deadlineNanos = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : 0;
    this.maxRows = maxRows;
  }

  Schema clientSchema() {
    return clientSchema;
  }

  /** Starts the query with this cursor as its consumer. */
  void start(Function<ResultConsumer, Job> starter) {
    this.job = starter.apply(this);
  }

  @Override
  public void accept(Batch batch) {
    int rows = batch.rowCount();
    int dataColumns = changelog ? schema.size() - 1 : schema.size();
    int shift = changelog ? 1 : 0;
    for (int from = 0; from < rows; from += fetchSize) {
      Object[][] chunk = new Object[Math.min(fetchSize, rows - from)][];
      for (int i = 0; i < chunk.length; i++) {
        int row = from + i;
        Object[] cells = new Object[clientSchema.size()];
        if (changelog) {
          byte code = ((Number) Rows.get(batch.column(dataColumns), row, schema.type(dataColumns))).byteValue();
          cells[0] = RowKind.of(code).shortName();
        }
        for (int column = 0; column < dataColumns; column++) {
          cells[column + shift] = Rows.get(batch.column(column), row, schema.type(column));
        }
        chunk[i] = cells;
      }
      put(chunk);
    }
  }

  @Override
  public void end() {
    put(END);
  }

  private void put(Object[][] chunk) {
    try {
      // Wait while the reader is behind, but give up once the query was cancelled.
      while (!chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
        if (job != null && job.isCancelled()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Object[] next() throws SQLException {
    if (maxRows > 0 && delivered >= maxRows) {
      close();
      return null;
    }
    while (current.isEmpty()) {
      if (ended) {
        return null;
      }
      Object[][] chunk = take();
      if (chunk == END) {
        ended = true;
        if (job == null) {
          return null;
        }
        awaitJob();
        Throwable failure = job.failure();
        if (failure != null) {
          throw SqlStates.ofFailure(failure);
        }
        return null;
      }
      for (Object[] row : chunk) {
        current.add(row);
      }
    }
    delivered++;
    return current.poll();
  }

  /** The end marker comes just before the job records how it ended; wait for that. */
  private void awaitJob() throws SQLException {
    try {
      job.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for the query to end", "HY008", e);
    }
  }

  private Object[][] take() throws SQLException {
    try {
      while (true) {
        long wait = 100;
        if (deadlineNanos != 0) {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) {
            close();
            throw new SQLTimeoutException("Query timeout reached; the query was cancelled", "HYT00");
          }
          wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
        Object[][] chunk = chunks.poll(wait, TimeUnit.MILLISECONDS);
        if (chunk != null) {
          return chunk;
        }
        if (job != null && job.isDone() && chunks.isEmpty()) {
          // The job ended without handing over its end marker (cancelled while the queue was full).
          return END;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for the next row", "HY008", e);
    }
  }

  /** The sizes of the chunks waiting for the reader, oldest first. */
  List<Integer> pendingChunkSizes() {
    return chunks.stream().map(chunk -> chunk.length).toList();
  }

  @Override
  public void close() {
    if (job != null) {
      job.cancel();
    }
    ended = true;
    chunks.clear();
  }
}
