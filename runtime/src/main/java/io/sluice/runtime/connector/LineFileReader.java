package io.sluice.runtime.connector;

import io.sluice.plan.TableSpec;
import io.sluice.runtime.batch.SourcePositions;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.format.BadRecordException;
import io.sluice.runtime.format.FormatColumn;
import io.sluice.runtime.format.Formats;
import io.sluice.runtime.format.RecordDecoder;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * A file source of one record per line (JSON lines, raw lines, single-line CSV) over a file, a
 * folder or a glob. Bounded by default; with {@code 'source.monitor-interval'} it keeps
 * watching for new files and appended lines and reads only complete lines, so a line being
 * written is read once its newline arrives. A line longer than {@code 'max-record-size'} goes to
 * the bad-record policy as soon as that many bytes are buffered, and the rest of it is skipped,
 * so one huge or endless line never holds more than that in memory. Checkpoints record each
 * file's read offset, so a restored job goes on after the last line the checkpoint covers.
 */
final class LineFileReader implements SourceReader {
  private static final int CHUNK_BYTES = 1 << 20;

  private final ScanOutput output;
  private final BadRecords badRecords;
  private final TableSpec table;
  private final int batchSize;
  private final long monitorMillis;
  private final boolean header;
  /** Per file: the byte offset read up to, the lines read, and 1 while skipping the rest of an oversized line. */
  private final Map<Path, long[]> positions = new HashMap<>();
  private final Deque<Path> queue = new ArrayDeque<>();
  private RecordDecoder decoder;
  private long nextScan;
  private boolean listed;

  private Path current;
  /** The current file as a row origin's place ({@code file <path>}). */
  private String place;
  private final SourcePositions rowPositions = new SourcePositions("line");
  private FileChannel channel;
  private byte[] buffer = new byte[CHUNK_BYTES];
  private int start;
  private int limit;
  private boolean eof;

  LineFileReader(ScanOutput output, BadRecords badRecords) {
    this.output = output;
    this.badRecords = badRecords;
    this.table = output.table();
    this.batchSize = (int) DatagenConnector.longOption(table, "batch.size", 4096);
    this.monitorMillis = KafkaConnector.durationOption(table, "source.monitor-interval", -1);
    this.header = table.option("csv.header", "false").equals("true");
  }

  @Override
  public void open(OperatorContext context) {
    output.open(context);
    badRecords.open(context);
    FieldVector[] vectors = output.decoded().getFieldVectors().toArray(new FieldVector[0]);
    int[] target = new int[table.schema().size()];
    Arrays.fill(target, -1);
    int[] decode = output.decodeColumns();
    for (int i = 0; i < decode.length; i++) {
      target[decode[i]] = i;
    }
    List<FormatColumn> columns = new ArrayList<>();
    for (int c = 0; c < table.schema().size(); c++) {
      columns.add(new FormatColumn(table.schema().field(c).name(), table.schema().type(c), target[c]));
    }
    decoder = Formats.decoder(table.option("format", "csv"), table, "", columns, vectors);
  }

  @Override
  public Status poll(Collector out) {
    output.beginBatch();
    rowPositions.clear();
    int rows = 0;
    while (rows < batchSize) {
      if (current == null && !nextFile()) {
        break;
      }
      int newline = indexOf((byte) '\n', start, limit);
      long[] position = positions.get(current);
      if (position[2] == 1) {
        // The tail of an oversized line, already handled: drop it up to its newline.
        if (newline >= 0) {
          position[2] = 0;
          consume(newline + 1);
        } else if (eof) {
          consume(limit);
          closeFile();
        } else {
          consume(limit);
          fill();
        }
        continue;
      }
      if (newline < 0 && limit - start > badRecords.maxRecordBytes()) {
        badRecords.handleOversized("file " + current + " line " + ++position[1], limit - start, false, buffer, start);
        position[2] = 1;
        continue;
      }
      if (newline < 0) {
        if (!eof) {
          fill();
          continue;
        }
        // End of file: a bounded source reads a last line without newline; a monitored one waits for it.
        if (monitorMillis < 0 && start < limit) {
          rows += line(start, limit, rows);
          consume(limit);
        }
        closeFile();
        continue;
      }
      rows += line(start, newline, rows);
      consume(newline + 1);
    }
    if (rows > 0) {
      output.emit(rows, rowPositions, out);
      return Status.MORE;
    }
    if (monitorMillis < 0) {
      output.end(out);
      badRecords.finish();
      return Status.END;
    }
    return Status.IDLE;
  }

  @Override
  public boolean supportsCheckpoints() {
    return badRecords.supportsCheckpoints();
  }

  /**
   * Records, per file seen, the offset of the first line not yet read, the lines read and
   * whether the rest of an oversized line is being skipped; then the watermark and the
   * dead-letter sink. Bytes buffered past that offset are read again after a restore.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    state.writeInt(positions.size());
    for (Map.Entry<Path, long[]> entry : positions.entrySet()) {
      state.writeString(entry.getKey().toString());
      long[] position = entry.getValue();
      state.writeLong(position[0]);
      state.writeLong(position[1]);
      state.writeLong(position[2]);
    }
    state.writeLong(output.watermark());
    badRecords.snapshot(checkpoint, state);
  }

  /** Resumes every file at its recorded offset: the next poll lists the files again and queues those with unread bytes. */
  @Override
  public void restore(long checkpoint, StateReader state) {
    int count = state.readInt();
    for (int i = 0; i < count; i++) {
      positions.put(Path.of(state.readString()), new long[] {state.readLong(), state.readLong(), state.readLong()});
    }
    output.restoreWatermark(state.readLong());
    badRecords.restore(checkpoint, state);
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    badRecords.checkpointComplete(checkpoint);
  }

  /** Decodes one line into row {@code row}; 1 if a row was produced. */
  private int line(int from, int to, int row) {
    long[] position = positions.get(current);
    long lineNumber = ++position[1];
    int end = to > from && buffer[to - 1] == '\r' ? to - 1 : to;
    if (end == from || (header && lineNumber == 1)) {
      return 0;
    }
    if (end - from > badRecords.maxRecordBytes()) {
      badRecords.handleOversized("file " + current + " line " + lineNumber, end - from, true, buffer, from);
      return 0;
    }
    try {
      decoder.decode(buffer, from, end - from, row);
      rowPositions.set(row, place, lineNumber);
      return 1;
    } catch (BadRecordException e) {
      badRecords.handle("file " + current + " line " + lineNumber, e, buffer, from, end - from);
      return 0;
    }
  }

  private void consume(int to) {
    positions.get(current)[0] += to - start;
    start = to;
  }

  private boolean nextFile() {
    if (queue.isEmpty()) {
      scan();
    }
    Path path = queue.poll();
    if (path == null) {
      return false;
    }
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      channel.position(positions.get(path)[0]);
    } catch (IOException e) {
      throw new ExternalDataException("Table '" + table.name() + "': cannot read " + path + ": " + e.getMessage(), e);
    }
    current = path;
    place = "file " + path;
    start = 0;
    limit = 0;
    eof = false;
    return true;
  }

  /** Queues files with unread bytes: once for a bounded source, every monitor interval otherwise. */
  private void scan() {
    long now = System.currentTimeMillis();
    if ((monitorMillis < 0 && listed) || (monitorMillis >= 0 && now < nextScan)) {
      return;
    }
    listed = true;
    nextScan = now + Math.max(monitorMillis, 0);
    for (Path path : FileSet.list(table, monitorMillis >= 0)) {
      long[] position = positions.computeIfAbsent(path, p -> new long[3]);
      if (path.toFile().length() > position[0]) {
        queue.add(path);
      }
    }
  }

  /** Keeps the unread tail, then reads the next chunk (growing the buffer for a line longer than it). */
  private void fill() {
    int tail = limit - start;
    if (start == 0 && limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    } else {
      System.arraycopy(buffer, start, buffer, 0, tail);
    }
    start = 0;
    limit = tail;
    try {
      int read = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit));
      if (read < 0) {
        eof = true;
      } else {
        limit += read;
      }
    } catch (IOException e) {
      throw new ExternalDataException("Table '" + table.name() + "': cannot read " + current + ": " + e.getMessage(), e);
    }
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private void closeFile() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new ExternalDataException("Table '" + table.name() + "': cannot close " + current + ": " + e.getMessage(), e);
    } finally {
      channel = null;
      current = null;
    }
  }

  @Override
  public void close() {
    try {
      if (channel != null) {
        closeFile();
      }
      badRecords.close();
    } finally {
      output.close();
    }
  }
}
