package io.sluice.runtime.connector;

import io.sluice.plan.DataType;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.DateTimes;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A bounded CSV source decoding bytes straight into Arrow vectors: files (all of a folder's,
 * or every {@code splits}-th for one parallel split) are read in 1 MiB buffers, records split with RFC 4180 quoting, and numbers, dates and timestamps parsed
 * from the bytes without creating Strings; only decoded columns are parsed.
 */
final class CsvReader implements SourceReader {
  private static final int BUFFER_BYTES = 1 << 20;
  private static final long[] POWERS_OF_TEN = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
    10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
    1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L};
  private static final double[] DOUBLE_POWERS = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22};

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
  private boolean eof = true;
  private long line;
  /** The 1-based line where the last parsed record started. */
  private long recordLine;
  private boolean headerPending;
  private byte[] scratch = new byte[256];
  private long parsedLong;
  private String error;
  private LongAdder skipped;
  private OperatorContext context;
  private FieldVector[] vectors;

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
    List<Path> all = listFiles(Path.of(table.option("path", "")));
    files = new ArrayList<>();
    for (int i = split; i < all.size(); i += splits) {
      files.add(all.get(i));
    }
  }

  private List<Path> listFiles(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new ExternalDataException("Table '" + table.name() + "': path " + path + " does not exist");
    }
    // Hidden and underscore files are in-progress or metadata files of writers.
    try (Stream<Path> entries = Files.list(path)) {
      return entries.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ExternalDataException("Table '" + table.name() + "': cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Status poll(Collector out) {
    output.beginBatch();
    int rows = 0;
    while (rows < batchSize) {
      if (in == null && !nextFile()) {
        break;
      }
      Outcome outcome = parseRecord(rows);
      switch (outcome) {
        case ROW -> rows++;
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
    output.emit(rows, out);
    return Status.MORE;
  }

  private boolean nextFile() {
    if (fileIndex + 1 >= files.size()) {
      return false;
    }
    fileIndex++;
    try {
      in = Files.newInputStream(files.get(fileIndex));
    } catch (IOException e) {
      throw new ExternalDataException(
          "Table '" + table.name() + "': cannot read " + files.get(fileIndex) + ": " + e.getMessage(), e);
    }
    position = 0;
    limit = 0;
    eof = false;
    line = 1;
    headerPending = header;
    refill();
    return true;
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
    boolean ok = switch (kind) {
      case VARCHAR, VARBINARY -> {
        ((BaseVariableWidthVector) vector).setSafe(row, bytes, start, end - start);
        yield true;
      }
      case BOOLEAN -> parseBoolean(bytes, start, end, (BitVector) vector, row);
      case TINYINT -> parseLong(bytes, start, end) && inRange(Byte.MIN_VALUE, Byte.MAX_VALUE) && set(vector, row);
      case SMALLINT -> parseLong(bytes, start, end) && inRange(Short.MIN_VALUE, Short.MAX_VALUE) && set(vector, row);
      case INTEGER, INTERVAL_YEAR_MONTH ->
          parseLong(bytes, start, end) && inRange(Integer.MIN_VALUE, Integer.MAX_VALUE) && set(vector, row);
      case BIGINT, INTERVAL_DAY_TIME -> parseLong(bytes, start, end) && set(vector, row);
      case DATE -> parseDate(bytes, start, end) && set(vector, row);
      case TIME -> parseTime(bytes, start, end) && set(vector, row);
      case TIMESTAMP -> parseTimestamp(bytes, start, end) && set(vector, row);
      case FLOAT, DOUBLE -> parseDouble(bytes, start, end, vector, row);
      case DECIMAL -> parseDecimal(bytes, start, end, (DecimalVector) vector, row);
      case NULL -> false;
    };
    if (!ok) {
      error = "column '" + table.schema().field(column).name() + "': cannot parse '"
          + new String(bytes, start, end - start, StandardCharsets.UTF_8) + "' as " + type.sql().replace(" NOT NULL", "");
    }
  }

  private boolean set(FieldVector vector, int row) {
    Vectors.setLong(vector, row, parsedLong);
    return true;
  }

  private boolean inRange(long min, long max) {
    return parsedLong >= min && parsedLong <= max;
  }

  /** Parses an optionally signed decimal integer into {@link #parsedLong}, rejecting overflow. */
  private boolean parseLong(byte[] b, int start, int end) {
    int p = start;
    boolean negative = false;
    if (p < end && (b[p] == '-' || b[p] == '+')) {
      negative = b[p] == '-';
      p++;
    }
    if (p == end) {
      return false;
    }
    // Accumulate negatively so that Long.MIN_VALUE parses too.
    long value = 0;
    for (; p < end; p++) {
      int digit = b[p] - '0';
      if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
        return false;
      }
      value = value * 10 - digit;
    }
    if (!negative && value == Long.MIN_VALUE) {
      return false;
    }
    parsedLong = negative ? value : -value;
    return true;
  }

  private static boolean parseBoolean(byte[] b, int start, int end, BitVector vector, int row) {
    int length = end - start;
    if (length == 4 && (b[start] | 0x20) == 't' && (b[start + 1] | 0x20) == 'r' && (b[start + 2] | 0x20) == 'u'
        && (b[start + 3] | 0x20) == 'e') {
      vector.setSafe(row, 1);
      return true;
    }
    if (length == 5 && (b[start] | 0x20) == 'f' && (b[start + 1] | 0x20) == 'a' && (b[start + 2] | 0x20) == 'l'
        && (b[start + 3] | 0x20) == 's' && (b[start + 4] | 0x20) == 'e') {
      vector.setSafe(row, 0);
      return true;
    }
    return false;
  }

  /** Reads {@code count} digits at {@code p} as a number, or -1. */
  private static int digits(byte[] b, int p, int count, int end) {
    if (p + count > end) {
      return -1;
    }
    int value = 0;
    for (int i = p; i < p + count; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** {@code yyyy-MM-dd} into {@link #parsedLong} as days since the epoch. */
  private boolean parseDate(byte[] b, int start, int end) {
    return end - start == 10 && parseDatePart(b, start, end);
  }

  private boolean parseDatePart(byte[] b, int start, int end) {
    int year = digits(b, start, 4, end);
    int month = digits(b, start + 5, 2, end);
    int day = digits(b, start + 8, 2, end);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || b[start + 4] != '-' || b[start + 7] != '-') {
      return false;
    }
    parsedLong = DateTimes.daysFromCivil(year, month, day);
    return true;
  }

  /** {@code HH:mm:ss[.fraction]} into {@link #parsedLong} as milliseconds of the day. */
  private boolean parseTime(byte[] b, int start, int end) {
    int hour = digits(b, start, 2, end);
    int minute = digits(b, start + 3, 2, end);
    int second = digits(b, start + 6, 2, end);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
        || b[start + 2] != ':' || b[start + 5] != ':') {
      return false;
    }
    long millis = 0;
    int p = start + 8;
    if (p < end) {
      if (b[p] != '.' || p + 1 == end || end - p > 10) {
        return false;
      }
      int scale = 100;
      for (p++; p < end; p++) {
        int digit = b[p] - '0';
        if (digit < 0 || digit > 9) {
          return false;
        }
        millis += digit * scale;
        scale /= 10;
      }
    }
    parsedLong = ((hour * 60L + minute) * 60 + second) * 1000 + millis;
    return true;
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.fraction]} (or with {@code T}) into {@link #parsedLong} as epoch millis. */
  private boolean parseTimestamp(byte[] b, int start, int end) {
    if (end - start < 19 || (b[start + 10] != ' ' && b[start + 10] != 'T') || !parseDatePart(b, start, start + 10)) {
      return false;
    }
    long days = parsedLong;
    if (!parseTime(b, start + 11, end)) {
      return false;
    }
    parsedLong += days * DateTimes.MILLIS_PER_DAY;
    return true;
  }

  /**
   * Parses plain decimals with up to 15 significant digits exactly (mantissa and power of
   * ten are both exact doubles, so one division rounds correctly); anything else goes to
   * {@link Double#parseDouble}.
   */
  private static boolean parseDouble(byte[] b, int start, int end, FieldVector vector, int row) {
    int p = start;
    boolean negative = p < end && b[p] == '-';
    if (negative || (p < end && b[p] == '+')) {
      p++;
    }
    long mantissa = 0;
    int digitCount = 0;
    int fractionDigits = -1;
    boolean simple = p < end;
    for (; p < end && simple; p++) {
      byte c = b[p];
      if (c == '.' && fractionDigits < 0) {
        fractionDigits = 0;
      } else if (c >= '0' && c <= '9' && digitCount < 15) {
        mantissa = mantissa * 10 + (c - '0');
        digitCount++;
        if (fractionDigits >= 0) {
          fractionDigits++;
        }
      } else {
        simple = false;
      }
    }
    double value;
    if (simple && digitCount > 0) {
      value = fractionDigits > 0 ? mantissa / DOUBLE_POWERS[fractionDigits] : mantissa;
      value = negative ? -value : value;
    } else {
      try {
        value = Double.parseDouble(new String(b, start, end - start, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    Vectors.setDouble(vector, row, value);
    return true;
  }

  /** Parses a plain decimal into the vector's scale (half-up), checking the precision. */
  private static boolean parseDecimal(byte[] b, int start, int end, DecimalVector vector, int row) {
    int scale = vector.getScale();
    int precision = vector.getPrecision();
    int p = start;
    boolean negative = p < end && b[p] == '-';
    if (negative || (p < end && b[p] == '+')) {
      p++;
    }
    long unscaled = 0;
    int integerDigits = 0;
    int fractionDigits = -1;
    boolean roundUp = false;
    boolean any = false;
    for (; p < end; p++) {
      byte c = b[p];
      if (c == '.' && fractionDigits < 0) {
        fractionDigits = 0;
        continue;
      }
      if (c < '0' || c > '9') {
        return parseDecimalSlow(b, start, end, vector, row);
      }
      any = true;
      if (fractionDigits < 0) {
        if (unscaled == 0 && c == '0') {
          continue;
        }
        integerDigits++;
      } else if (fractionDigits == scale) {
        // The first dropped digit decides rounding; later ones cannot change half-up.
        roundUp = c >= '5';
        fractionDigits++;
        continue;
      } else if (fractionDigits > scale) {
        continue;
      } else {
        fractionDigits++;
      }
      if (integerDigits + Math.max(fractionDigits, 0) > 18) {
        return parseDecimalSlow(b, start, end, vector, row);
      }
      unscaled = unscaled * 10 + (c - '0');
    }
    if (!any || integerDigits > precision - scale) {
      return false;
    }
    int kept = Math.max(Math.min(fractionDigits, scale), 0);
    if (integerDigits + scale > 18) {
      return parseDecimalSlow(b, start, end, vector, row);
    }
    unscaled *= POWERS_OF_TEN[scale - kept];
    if (roundUp) {
      unscaled++;
    }
    if (unscaled >= POWERS_OF_TEN[Math.min(precision, 18)] && precision <= 18) {
      return false;
    }
    vector.setSafe(row, negative ? -unscaled : unscaled);
    return true;
  }

  private static boolean parseDecimalSlow(byte[] b, int start, int end, DecimalVector vector, int row) {
    try {
      BigDecimal value = new BigDecimal(new String(b, start, end - start, StandardCharsets.US_ASCII))
          .setScale(vector.getScale(), RoundingMode.HALF_UP);
      if (value.precision() > vector.getPrecision()) {
        return false;
      }
      vector.setSafe(row, value);
      return true;
    } catch (NumberFormatException | ArithmeticException e) {
      return false;
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
