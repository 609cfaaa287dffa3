package io.sluice.runtime.connector;

import io.sluice.plan.DataType;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import io.sluice.runtime.format.FormatColumn;
import io.sluice.runtime.format.Formats;
import io.sluice.runtime.format.RecordEncoder;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A file sink writing CSV, JSON lines or raw lines to part files {@code part-<worker>-<n>.<format>}
 * in the table's {@code 'path'} directory. Rows go to a hidden {@code .part-<worker>-<n>.<format>.inprogress}
 * file that is atomically renamed when it rolls ({@code 'sink.rolling-policy.file-size'} reached,
 * or {@code 'sink.rolling-policy.rollover-interval'} passed since it was opened) or when the job
 * finishes or closes, so readers never see a half-written part. A run replaces the parts an
 * earlier run into the same folder left. Fields are quoted per RFC 4180 only when needed; with
 * {@code 'csv.header'} every part starts with the header, so each reads on its own.
 *
 * <p>With checkpoints ({@code 'checkpoint.dir'} set) the sink is exactly-once: the rows
 * before checkpoint N's barrier form epoch N, written to {@code .part-<worker>-N.<format>.inprogress}
 * (N in ten digits) and renamed to {@code part-<worker>-N.<format>} only once checkpoint N is
 * durable. A restore from checkpoint N publishes the epochs up to N that a crash left unrenamed
 * and deletes later ones, whose rows the restored job writes again; a run that restores nothing
 * replaces the parts an earlier run left, as without checkpoints.
 */
final class CsvFileSink implements StreamOperator {
  /** The file sink runs as one instance (it declares no parallel sink), so its worker number is 0. */
  private static final int WORKER = 0;
  /** The start of this worker's part files' names, with and without checkpoints. */
  private static final String PREFIX = "part-" + WORKER + "-";

  private final TableSpec table;
  private final Schema schema;
  private final DataType[] types;
  private final char delimiter;
  private final char quote;
  private final String nullLiteral;
  private Path directory;
  private Path temporary;
  private OutputStream writer;
  /** A part rolls once it holds this many bytes (checked after each row). */
  private final long rollBytes;
  /** A part rolls once it has been open this long, in milliseconds; -1 for never. */
  private final long rollMillis;
  /** The number of the part being written when not exactly-once. */
  private int part;
  private long partBytes;
  private long partOpenedAt;
  /** Whether the last part has been published (finish and close both end the run). */
  private boolean ended;
  private final StringBuilder line = new StringBuilder();
  private final StringBuilder cell = new StringBuilder();
  /** The encoder of the json and raw formats, one line per row; null for CSV, written here. */
  private final RecordEncoder encoder;
  private final String extension;
  private boolean exactlyOnce;
  /** Exactly-once mode: the epoch the rows now written belong to. */
  private long epoch = 1;
  /** Exactly-once mode: closed epochs whose checkpoint is not yet known to be durable. */
  private final java.util.TreeSet<Long> pending = new java.util.TreeSet<>();
  /** Exactly-once mode: whether files left by an earlier, crashed run have been dealt with. */
  private boolean recovered;

  CsvFileSink(TableSpec table) {
    this.table = table;
    this.schema = table.schema();
    this.delimiter = (char) FileConnector.charOption(table, "csv.field-delimiter", ',');
    this.quote = (char) FileConnector.charOption(table, "csv.quote-character", '"');
    this.nullLiteral = table.option("csv.null-literal", "");
    this.types = new DataType[schema.size()];
    for (int c = 0; c < types.length; c++) {
      DataType type = schema.type(c);
      // Files always carry milliseconds so that they read back exactly.
      types[c] = type.kind() == TypeKind.TIMESTAMP ? new DataType(TypeKind.TIMESTAMP, 3, 0, true) : type;
    }
    this.extension = table.option("format", "csv");
    this.rollBytes = FileConnector.sizeOption(table, "sink.rolling-policy.file-size", Long.MAX_VALUE);
    this.rollMillis = KafkaConnector.durationOption(table, "sink.rolling-policy.rollover-interval", -1);
    if (rollBytes <= 0 || rollMillis == 0) {
      throw new IllegalArgumentException("Table '" + table.name()
          + "': the 'sink.rolling-policy.*' options must be positive");
    }
    List<FormatColumn> columns = new ArrayList<>();
    for (int c = 0; c < types.length; c++) {
      columns.add(new FormatColumn(schema.field(c).name(), types[c], c));
    }
    if (extension.equals("csv")) {
      Formats.requireFlatColumns("csv", table, columns);
      this.encoder = null;
    } else {
      this.encoder = Formats.encoder(extension, table, "", columns);
    }
  }

  @Override
  public void open(OperatorContext context) {
    directory = Path.of(table.option("path", ""));
    exactlyOnce = io.sluice.runtime.checkpoint.CheckpointStore.enabled(context.options());
    if (exactlyOnce) {
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new UncheckedIOException("Table '" + table.name() + "': cannot write to " + directory, e);
      }
      return;
    }
    // The first part opens at once, so a job writing no rows still leaves an (empty) part.
    openPart(partFile(part, true));
  }

  /** Part {@code number} of this worker: its final name, or its hidden in-progress name. */
  private Path partFile(int number, boolean inProgress) {
    String name = PREFIX + number + "." + extension;
    return directory.resolve(inProgress ? "." + name + ".inprogress" : name);
  }

  /** Starts writing a part at {@code path}, with the CSV header when the table asks for one. */
  private void openPart(Path path) {
    try {
      Files.createDirectories(directory);
      temporary = path;
      writer = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
      partBytes = 0;
      partOpenedAt = System.currentTimeMillis();
      if (encoder == null && table.option("csv.header", "false").equals("true")) {
        line.setLength(0);
        for (int c = 0; c < schema.size(); c++) {
          if (c > 0) {
            line.append(delimiter);
          }
          appendField(schema.field(c).name());
        }
        write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot write to " + directory, e);
    }
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    if (exactlyOnce && writer == null) {
      recover(0);
      openPart(epochFile(epoch));
    }
    try {
      for (int row = 0; row < batch.rowCount(); row++) {
        if (writer == null) {
          openPart(partFile(part, true));
        }
        if (encoder != null) {
          byte[] record = encoder.encode(batch, row);
          if (record != null) {
            write(record);
          }
          write(NEWLINE);
          rollIfDue();
          continue;
        }
        line.setLength(0);
        for (int c = 0; c < types.length; c++) {
          if (c > 0) {
            line.append(delimiter);
          }
          cell.setLength(0);
          ValueFormatter.append(cell, batch.column(c), row, types[c], nullLiteral);
          appendField(cell);
        }
        write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        rollIfDue();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot write to " + temporary, e);
    }
  }

  private static final byte[] NEWLINE = {'\n'};

  private void write(byte[] bytes) throws IOException {
    writer.write(bytes);
    partBytes += bytes.length;
  }

  /**
   * Publishes the current part when it is full or old enough; the next row opens the next part,
   * so no empty parts appear. Exactly-once parts roll at checkpoints instead.
   */
  private void rollIfDue() {
    if (exactlyOnce || writer == null) {
      return;
    }
    if (partBytes >= rollBytes || (rollMillis > 0 && System.currentTimeMillis() - partOpenedAt >= rollMillis)) {
      commit();
      part++;
    }
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    // A quiet stream still rolls its part on time when watermarks arrive.
    rollIfDue();
    out.emitWatermark(watermark);
  }

  private void appendField(CharSequence value) {
    boolean needsQuotes = false;
    for (int i = 0; i < value.length() && !needsQuotes; i++) {
      char ch = value.charAt(i);
      needsQuotes = ch == delimiter || ch == quote || ch == '\n' || ch == '\r';
    }
    if (!needsQuotes) {
      line.append(value);
      return;
    }
    line.append(quote);
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == quote) {
        line.append(quote);
      }
      line.append(ch);
    }
    line.append(quote);
  }

  @Override
  public void finish(Collector out) {
    if (exactlyOnce) {
      // The input has ended: everything written is final.
      recover(0);
      closeEpoch();
      publish(Long.MAX_VALUE);
      return;
    }
    commitLast();
  }

  @Override
  public void close() {
    if (exactlyOnce) {
      // Rows after the last durable checkpoint are written again by the restored job.
      closeWriter();
      return;
    }
    // A cancelled continuous INSERT keeps what it wrote, as a finished one does.
    commitLast();
  }

  @Override
  public void snapshot(long checkpoint, io.sluice.runtime.checkpoint.StateWriter state) {
    recover(0);
    closeEpoch();
    epoch = checkpoint + 1;
    state.writeInt(pending.size());
    for (long closed : pending) {
      state.writeLong(closed);
    }
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    publish(checkpoint);
  }

  @Override
  public void restore(long checkpoint, io.sluice.runtime.checkpoint.StateReader state) {
    int count = state.readInt();
    for (int i = 0; i < count; i++) {
      pending.add(state.readLong());
    }
    // The checkpoint is durable, so its epochs are final even if the crash came before their rename.
    publish(checkpoint);
    recover(checkpoint);
    epoch = checkpoint + 1;
  }

  /**
   * Deletes what an earlier run left that this one will not publish: after a restore from
   * {@code checkpoint}, the in-progress parts of later epochs (a crashed run wrote them after its
   * last checkpoint); in a run that restores nothing ({@code checkpoint} 0), every part.
   */
  private void recover(long checkpoint) {
    if (recovered) {
      return;
    }
    recovered = true;
    String hidden = "." + PREFIX;
    String suffix = "." + extension + ".inprogress";
    try (java.util.stream.Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(hidden) && name.endsWith(suffix)) {
          long number = partNumber(name.substring(hidden.length(), name.length() - suffix.length()));
          if (number > checkpoint) {
            Files.delete(file);
          }
        } else if (checkpoint == 0 && name.startsWith(PREFIX) && name.endsWith("." + extension)
            && partNumber(name.substring(PREFIX.length(), name.length() - extension.length() - 1)) >= 0) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot clean up " + directory, e);
    }
  }

  /** The number in a part file's name, or -1 when the text is not a number. */
  private static long partNumber(String digits) {
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(digits);
  }

  /** Ends the current epoch's part, if any rows were written, and queues it for publishing. */
  private void closeEpoch() {
    if (writer != null) {
      closeWriter();
      pending.add(epoch);
    }
  }

  private void closeWriter() {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot write to " + temporary, e);
    } finally {
      writer = null;
    }
  }

  /** Renames the parts of every pending epoch up to {@code checkpoint} to their final names. */
  private void publish(long checkpoint) {
    while (!pending.isEmpty() && pending.first() <= checkpoint) {
      long closed = pending.pollFirst();
      Path from = epochFile(closed);
      Path to = directory.resolve(String.format("%s%010d.%s", PREFIX, closed, extension));
      try {
        if (Files.exists(from)) {
          try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(from,
              java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
          }
          Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Table '" + table.name() + "': cannot commit " + from, e);
      }
    }
  }

  private Path epochFile(long number) {
    return directory.resolve(String.format(".%s%010d.%s.inprogress", PREFIX, number, extension));
  }

  /** Publishes the part being written under its final name. */
  private void commit() {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
      writer = null;
      Files.move(temporary, partFile(part, false), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot commit " + temporary, e);
    }
  }

  /** Ends the last part and removes the higher-numbered parts an earlier run left, so the folder holds this run's rows. */
  private void commitLast() {
    if (directory == null || ended) {
      return;
    }
    ended = true;
    int last = writer != null ? part : part - 1;
    commit();
    String suffix = "." + extension;
    try (java.util.stream.Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(suffix)) {
          String digits = name.substring(PREFIX.length(), name.length() - suffix.length());
          long number = partNumber(digits);
          // Ten digits name an exactly-once epoch: an earlier checkpointed run's part, not this run's.
          if (number > last || (number >= 0 && digits.length() >= 10)) {
            Files.delete(file);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot clean up " + directory, e);
    }
  }
}
