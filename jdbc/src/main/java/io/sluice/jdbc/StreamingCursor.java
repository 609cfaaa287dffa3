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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.arrow.vector.TinyIntVector;

/**
 * The rows of a running query. The job's thread copies each batch into row chunks on a
 * bounded queue (so a slow reader applies back-pressure to the job); {@link #next} waits
 * for the next row, the end of the query, its failure, or the deadline.
 */
final class StreamingCursor implements RowCursor, ResultConsumer {
  private static final Object[][] END = new Object[0][];
  private static final int QUEUE_CHUNKS = 16;

  /** The columns the client sees (see {@code RowKind.clientSchema}). */
  private final Schema schema;
  private volatile boolean changelog;
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
   */
  StreamingCursor(Schema schema, int timeoutSeconds, long maxRows) {
    this.schema = schema;
    this.deadlineNanos = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : 0;
    this.maxRows = maxRows;
  }

  /** Starts the query with this cursor as its consumer. */
  void start(Function<ResultConsumer, Job> starter) {
    this.job = starter.apply(this);
  }

  @Override
  public void begin(Schema resultSchema) {
    changelog = RowKind.isChangelog(resultSchema);
  }

  @Override
  public void accept(Batch batch) {
    Object[][] chunk = new Object[batch.rowCount()][];
    // A changelog's batches end with the row kind, which the client sees as the leading op column.
    int first = changelog ? 1 : 0;
    TinyIntVector kinds = changelog ? (TinyIntVector) batch.column(schema.size() - 1) : null;
    for (int row = 0; row < chunk.length; row++) {
      Object[] cells = new Object[schema.size()];
      if (changelog) {
        cells[0] = RowKind.of(kinds.get(row)).shortName();
      }
      for (int column = first; column < cells.length; column++) {
        cells[column] = Rows.get(batch.column(column - first), row, schema.type(column));
      }
      chunk[row] = cells;
    }
    put(chunk);
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
        awaitJob();
        Throwable failure = job.failure();
        if (failure != null) {
          throw new SQLException(failure.getMessage(), "XX000", failure);
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
        if (job.isDone() && chunks.isEmpty()) {
          // The job ended without handing over its end marker (cancelled while the queue was full).
          return END;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for the next row", "HY008", e);
    }
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
