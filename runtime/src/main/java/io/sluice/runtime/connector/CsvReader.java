package io.sluice.runtime.connector;

import io.sluice.plan.DataType;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.SourcePositions;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.format.TextParsers;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.vector.FieldVector;

/**
 * A bounded CSV source decoding bytes straight into Arrow vectors: files (all of a folder's,
 * or every {@code splits}-th for one parallel split) are read in 1 MiB buffers, records split with RFC 4180 quoting, and numbers, dates and timestamps parsed
 * from the bytes without creating Strings; only decoded columns are parsed.
 */
final class CsvReader implements SourceReader {
  private static final int BUFFER_BYTES = 1 << 20;

  /** What parsing one record achieved. */
  private enum Outcome { ROW, HEADER, BAD_ROW, NEED_MORE, END_OF_FILE }

  private final ScanOutput output;
  private final TableSpec table;
  private final int columns;
  private final DataType[] types;
  private final byte delimiter;
  private final byte quote;
  private final byte[] nullLiteral;
  private final boolean header;
  private final boolean skipBadRows;
  private final int batchSize;
  private final int split;
  private final int splits;
  /** Table column -> decode-root column, or -1 when the column is skipped. */
  private final int[] target;

  private List<Path> files;
  private int fileIndex = -1;
  private InputStream in;
  private byte[] buffer = new byte[BUFFER_BYTES];
  private int position;
  private int limit;
  /** The offset in the current file of {@code buffer[0]}: with {@code position}, the checkpointed read position. */
  private long bufferStart;
  private boolean eof = true;
  private long line;
  /** The 1-based line where the last parsed record started. */
  private long recordLine;
  /** The current file as a row origin's place ({@code file <path>}). */
  private String place;
  private final SourcePositions positions = new SourcePositions("line");
  private boolean headerPending;
  private byte[] scratch = new byte[256];
  private String error;
  private LongAdder skipped;
  private OperatorContext context;
  private FieldVector[] vectors;
  private final TextParsers parsers = new TextParsers();

  CsvReader(ScanOutput output) {
    this(output, 0, 1);
  }

  /** A reader of split {@code split} of {@code splits}: every {@code splits}-th file of the table's files. */
  CsvReader(ScanOutput output, int split, int splits) {
    this.output = output;
    this.split = split;
    this.splits = splits;
    this.table = output.table();
    this.columns = table.schema().size();
    this.types = table.schema().fields().stream().map(f -> f.type()).toArray(DataType[]::new);
    this.delimiter = FileConnector.charOption(table, "csv.field-delimiter", ',');
    this.quote = FileConnector.charOption(table, "csv.quote-character", '"');
    String nulls = table.options().get("csv.null-literal");
    this.nullLiteral = nulls == null ? null : nulls.getBytes(StandardCharsets.UTF_8);
    this.header = table.option("csv.header", "false").equals("true");
    String errors = table.option("errors", "fail");
    if (!errors.equals("fail") && !errors.equals("skip")) {
      throw new IllegalArgumentException(
          "Table '" + table.name() + "': option 'errors' must be 'fail' or 'skip', not '" + errors + "'");
    }
    this.skipBadRows = errors.equals("skip");
    this.batchSize = (int) DatagenConnector.longOption(table, "batch.size", 4096);
    this.target = new int[columns];
    Arrays.fill(target, -1);
    int[] decoded = output.decodeColumns();
    for (int i = 0; i < decoded.length; i++) {
      target[decoded[i]] = i;
    }
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    output.open(context);
    skipped = context.metrics().counter(table.name() + ".rows-skipped");
    vectors = output.decoded().getFieldVectors().toArray(new FieldVector[0]);
    List<Path> all = FileSet.list(table, false);
    files = new ArrayList<>();
    for (int i = split; i < all.size(); i += splits) {
      files.add(all.get(i));
    }
  }

  @Override
  public Status poll(Collector out) {
    output.beginBatch();
    positions.clear();
    int rows = 0;
    while (rows < batchSize) {
      if (in == null && !nextFile()) {
        break;
      }
      Outcome outcome = parseRecord(rows);
      switch (outcome) {
        case ROW -> positions.set(rows++, place, recordLine);
        case HEADER -> { }
        case BAD_ROW -> badRow();
        case NEED_MORE -> refill();
        case END_OF_FILE -> closeFile();
      }
    }
    // The loop stops short of a full batch only when every file is exhausted.
    if (rows == 0) {
      output.end(out);
      return Status.END;
    }
    output.emit(rows, positions, out);
    return Status.MORE;
  }

  private boolean nextFile() {
    if (fileIndex + 1 >= files.size()) {
      return false;
    }
    fileIndex++;
    place = "file " + files.get(fileIndex);
    try {
      in = Files.newInputStream(files.get(fileIndex));
    } catch (IOException e) {
      throw new ExternalDataException(
          "Table '" + table.name() + "': cannot read " + files.get(fileIndex) + ": " + e.getMessage(), e);
    }
    position = 0;
    limit = 0;
    bufferStart = 0;
    eof = false;
    line = 1;
    headerPending = header;
    refill();
    return true;
  }

  @Override
  public boolean supportsCheckpoints() {
    return true;
  }

  @Override
  public void snapshot(io.sluice.runtime.checkpoint.StateWriter state) {
    state.writeInt(files.size());
    state.writeInt(fileIndex);
    state.writeString(fileIndex >= 0 ? files.get(fileIndex).getFileName().toString() : "");
    state.writeBoolean(in != null);
    state.writeLong(bufferStart + position);
    state.writeLong(line);
    state.writeBoolean(headerPending);
    state.writeLong(output.watermark());
  }

  @Override
  public void restore(io.sluice.runtime.checkpoint.StateReader state) {
    int fileCount = state.readInt();
    int index = state.readInt();
    String name = state.readString();
    if (fileCount != files.size() || (index >= 0 && !files.get(index).getFileName().toString().equals(name))) {
      throw new IllegalStateException("Table '" + table.name() + "': the checkpoint was taken over " + fileCount
          + " files (reading " + name + "), but the table now has " + files.size() + " files; restore needs the"
          + " same input files, or a new 'checkpoint.dir' to start afresh");
    }
    boolean open = state.readBoolean();
    long offset = state.readLong();
    long savedLine = state.readLong();
    boolean savedHeaderPending = state.readBoolean();
    output.restoreWatermark(state.readLong());
    fileIndex = index;
    if (!open) {
      return;
    }
    fileIndex = index - 1;
    nextFile();
    // nextFile read the first buffer; start again at the recorded offset.
    try {
      in.close();
      in = Files.newInputStream(files.get(fileIndex));
      in.skipNBytes(offset);
    } catch (IOException e) {
      throw new ExternalDataException(
          "Table '" + table.name() + "': cannot resume " + files.get(fileIndex) + " at byte " + offset + ": "
              + e.getMessage(), e);
    }
    position = 0;
    limit = 0;
    bufferStart = offset;
    eof = false;
    line = savedLine;
    headerPending = savedHeaderPending;
    refill();
  }

  private void closeFile() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      in = null;
    }
  }

  /** Keeps the unparsed tail, then reads more bytes after it (growing the buffer for huge records). */
  private void refill() {
    int tail = limit - position;
    if (position == 0 && limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    } else {
      System.arraycopy(buffer, position, buffer, 0, tail);
      bufferStart += position;
    }
    position = 0;
    limit = tail;
    try {
      while (limit < buffer.length) {
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
          eof = true;
          break;
        }
        limit += read;
      }
    } catch (IOException e) {
      throw new ExternalDataException(
          "Table '" + table.name() + "': cannot read " + files.get(fileIndex) + ": " + e.getMessage(), e);
    }
  }

  private void badRow() {
    String message = "Bad row in table '" + table.name() + "', file " + files.get(fileIndex) + " line " + recordLine
        + ": " + error;
    if (!skipBadRows) {
      throw new ExternalDataException(message);
    }
    skipped.increment();
    context.metrics().note(table.name() + ".first-skipped-row", message);
  }

  /**
   * Parses the record at {@code position} into row {@code row}. State advances only when
   * the record is complete, so a record cut by the buffer end is parsed again after a refill.
   */
  private Outcome parseRecord(int row) {
    int p = position;
    long lines = 0;
    while (p < limit && (buffer[p] == '\n' || buffer[p] == '\r')) {
      if (buffer[p] == '\n') {
        lines++;
      }
      p++;
    }
    if (p >= limit) {
      if (!eof) {
        return Outcome.NEED_MORE;
      }
      position = p;
      return Outcome.END_OF_FILE;
    }
    long startLine = line + lines;
    error = null;
    int field = 0;
    while (true) {
      int start;
      int end;
      boolean quoted = false;
      boolean escaped = false;
      if (p < limit && buffer[p] == quote) {
        quoted = true;
        start = ++p;
        while (true) {
          if (p >= limit) {
            if (!eof) {
              return Outcome.NEED_MORE;
            }
            error = error != null ? error : "unterminated quoted field";
            end = p;
            break;
          }
          byte b = buffer[p];
          if (b == quote) {
            if (p + 1 >= limit && !eof) {
              return Outcome.NEED_MORE;
            }
            if (p + 1 < limit && buffer[p + 1] == quote) {
              escaped = true;
              p += 2;
              continue;
            }
            end = p++;
            break;
          }
          if (b == '\n') {
            lines++;
          }
          p++;
        }
        if (p < limit && buffer[p] != delimiter && buffer[p] != '\n' && buffer[p] != '\r') {
          error = error != null ? error : "unexpected character after the closing quote of column "
              + (field + 1);
          while (p < limit && buffer[p] != '\n') {
            p++;
          }
          if (p >= limit && !eof) {
            return Outcome.NEED_MORE;
          }
        }
      } else {
        start = p;
        while (p < limit && buffer[p] != delimiter && buffer[p] != '\n' && buffer[p] != '\r') {
          p++;
        }
        if (p >= limit && !eof) {
          return Outcome.NEED_MORE;
        }
        end = p;
      }
      if (!headerPending && error == null && field < columns && target[field] >= 0) {
        decodeField(field, row, start, end, quoted, escaped);
      }
      field++;
      if (p < limit && buffer[p] == delimiter) {
        p++;
        continue;
      }
      if (p < limit && buffer[p] == '\r') {
        p++;
        if (p >= limit && !eof) {
          return Outcome.NEED_MORE;
        }
      }
      if (p < limit && buffer[p] == '\n') {
        p++;
        lines++;
      }
      break;
    }
    position = p;
    recordLine = startLine;
    line += lines;
    if (headerPending) {
      headerPending = false;
      return Outcome.HEADER;
    }
    if (error == null && field != columns) {
      error = "expected " + columns + " columns but found " + field;
    }
    return error == null ? Outcome.ROW : Outcome.BAD_ROW;
  }

  private void decodeField(int column, int row, int start, int end, boolean quoted, boolean escaped) {
    byte[] bytes = buffer;
    if (escaped) {
      int length = 0;
      if (scratch.length < end - start) {
        scratch = new byte[end - start];
      }
      for (int i = start; i < end; i++) {
        scratch[length++] = buffer[i];
        if (buffer[i] == quote) {
          i++;
        }
      }
      bytes = scratch;
      start = 0;
      end = length;
    }
    FieldVector vector = vectors[target[column]];
    DataType type = types[column];
    TypeKind kind = type.kind();
    boolean text = kind == TypeKind.VARCHAR || kind == TypeKind.VARBINARY;
    if ((nullLiteral != null && !quoted && Arrays.equals(bytes, start, end, nullLiteral, 0, nullLiteral.length))
        || (start == end && !text)) {
      Vectors.setNull(vector, row);
      return;
    }
    boolean ok = parsers.parse(bytes, start, end, vector, type, row);
    if (!ok) {
      error = "column '" + table.schema().field(column).name() + "': "
          + io.sluice.runtime.format.TextParsers.rejection(bytes, start, end, type);
    }
  }
  @Override
  public void close() {
    try {
      if (in != null) {
        closeFile();
      }
    } finally {
      output.close();
    }
  }
}
