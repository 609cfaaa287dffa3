package io.sluice.runtime.connector;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.DateTimes;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The {@code datagen} connector: a source of sequence or random values per column, bounded
 * by {@code 'number-of-rows'} or its sequences, optionally rate-limited by
 * {@code 'rows-per-second'}. Each column has its own random stream seeded from
 * {@code 'seed'} and the column name, so values do not depend on which columns a query reads.
 */
public final class DatagenConnector implements ConnectorFactory {
  private final CalcProvider calcs;

  public DatagenConnector(CalcProvider calcs) {
    this.calcs = calcs;
  }

  @Override
  public String name() {
    return "datagen";
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan) {
    return new DatagenReader(new ScanOutput(scan, calcs));
  }

  @Override
  public StreamOperator createSink(TableSpec table) {
    throw new IllegalArgumentException("Table '" + table.name() + "': the datagen connector can only be read");
  }

  /** The datagen source reader. */
  static final class DatagenReader implements SourceReader {
    private final ScanOutput output;
    private final TableSpec table;
    private final long totalRows;
    private final double rowsPerSecond;
    private final int batchSize;
    private ColumnGenerator[] generators;
    private long produced;
    private long startNanos;

    DatagenReader(ScanOutput output) {
      this.output = output;
      this.table = output.table();
      this.batchSize = (int) longOption(table, "batch.size", 4096);
      this.rowsPerSecond = Double.parseDouble(table.option("rows-per-second", "-1"));
      long bound = longOption(table, "number-of-rows", Long.MAX_VALUE);
      for (Field field : table.schema().fields()) {
        if (kindOf(table, field).equals("sequence")) {
          long start = longOption(table, "fields." + field.name() + ".start", 0);
          long end = longOption(table, "fields." + field.name() + ".end", Long.MAX_VALUE - 1);
          long step = longOption(table, "fields." + field.name() + ".step", 1);
          bound = Math.min(bound, (end - start) / step + 1);
        }
      }
      this.totalRows = bound;
    }

    @Override
    public void open(OperatorContext context) {
      output.open(context);
      int[] columns = output.decodeColumns();
      generators = new ColumnGenerator[columns.length];
      long seed = longOption(table, "seed", System.nanoTime());
      for (int i = 0; i < columns.length; i++) {
        generators[i] = new ColumnGenerator(table, table.schema().field(columns[i]), seed);
      }
      startNanos = System.nanoTime();
    }

    @Override
    public Status poll(Collector out) {
      long remaining = totalRows - produced;
      if (remaining <= 0) {
        output.end(out);
        return Status.END;
      }
      long allowed = remaining;
      if (rowsPerSecond > 0) {
        long due = (long) ((System.nanoTime() - startNanos) / 1e9 * rowsPerSecond) + 1;
        allowed = Math.min(allowed, due - produced);
        if (allowed <= 0) {
          return Status.IDLE;
        }
      }
      int rows = (int) Math.min(batchSize, allowed);
      output.beginBatch();
      VectorSchemaRoot root = output.decoded();
      for (int c = 0; c < generators.length; c++) {
        generators[c].fill(root.getVector(c), produced, rows);
      }
      produced += rows;
      output.emit(rows, out);
      return Status.MORE;
    }

    /** Replayable only when every random column's stream is fixed by a {@code 'seed'} option. */
    @Override
    public boolean supportsCheckpoints() {
      if (table.options().containsKey("seed")) {
        return true;
      }
      for (ColumnGenerator generator : generators) {
        if (!generator.sequence) {
          return false;
        }
      }
      return true;
    }

    /** The number of rows produced and the watermark: the values themselves follow from the seed. */
    @Override
    public void snapshot(StateWriter state) {
      state.writeLong(produced);
      state.writeLong(output.watermark());
    }

    /**
     * Regenerates (and drops) the rows produced before the checkpoint, so that every random
     * stream stands where it stood; a rate limit counts on from the restored row count.
     */
    @Override
    public void restore(StateReader state) {
      long target = state.readLong();
      output.restoreWatermark(state.readLong());
      VectorSchemaRoot scratch = output.decoded();
      while (produced < target) {
        int rows = (int) Math.min(batchSize, target - produced);
        output.beginBatch();
        for (int c = 0; c < generators.length; c++) {
          generators[c].fill(scratch.getVector(c), produced, rows);
        }
        produced += rows;
      }
      if (rowsPerSecond > 0) {
        startNanos = System.nanoTime() - (long) (produced / rowsPerSecond * 1e9);
      }
    }

    @Override
    public void close() {
      output.close();
    }
  }

  /** One column's values: a sequence from {@code start}, or random within its options. */
  static final class ColumnGenerator {
    private static final byte[] ALPHABET =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".getBytes(StandardCharsets.US_ASCII);

    private final DataType type;
    private final boolean sequence;
    private final long start;
    /** The distance between consecutive sequence values (e.g. 1000 for one row a second of TIMESTAMP). */
    private final long step;
    private final double min;
    private final double max;
    private final double nullRate;
    private final SplittableRandom random;
    private final byte[] text;

    ColumnGenerator(TableSpec table, Field field, long seed) {
      if (field.type().kind().isStructured()) {
        throw new IllegalArgumentException("Table '" + table.name() + "': the datagen connector cannot generate the "
            + field.type().sql() + " column '" + field.name() + "'; use a json file or Kafka topic for ROW and ARRAY values");
      }
      String prefix = "fields." + field.name() + ".";
      this.type = field.type();
      this.sequence = kindOf(table, field).equals("sequence");
      this.start = longOption(table, prefix + "start", 0);
      this.step = longOption(table, prefix + "step", 1);
      if (step < 1) {
        throw new IllegalArgumentException("Table '" + table.name() + "' option '" + prefix + "step' must be >= 1");
      }
      double[] range = defaultRange(type);
      this.min = Double.parseDouble(table.option(prefix + "min", String.valueOf(range[0])));
      this.max = Double.parseDouble(table.option(prefix + "max", String.valueOf(range[1])));
      this.nullRate = Double.parseDouble(table.option(prefix + "null-rate", "0"));
      this.random = new SplittableRandom(seed * 31 + field.name().hashCode());
      this.text = new byte[(int) longOption(table, prefix + "length", 100)];
    }

    void fill(FieldVector vector, long firstRow, int rows) {
      for (int r = 0; r < rows; r++) {
        long index = (firstRow + r) * step;
        if (nullRate > 0 && random.nextDouble() < nullRate) {
          Vectors.setNull(vector, r);
          continue;
        }
        switch (type.kind()) {
          case BOOLEAN -> ((BitVector) vector).setSafe(r, sequence ? (int) (index & 1) : random.nextInt(2));
          case TINYINT, SMALLINT, INTEGER, BIGINT, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME ->
              Vectors.setLong(vector, r, sequence ? start + index : randomLong());
          case DATE -> Vectors.setLong(vector, r,
              sequence ? start + index : Math.floorDiv(System.currentTimeMillis(), DateTimes.MILLIS_PER_DAY));
          case TIMESTAMP -> Vectors.setLong(vector, r, sequence ? start + index : System.currentTimeMillis());
          case FLOAT, DOUBLE -> Vectors.setDouble(vector, r, sequence ? start + index : randomDouble());
          case DECIMAL -> Vectors.setDecimal((DecimalVector) vector, r,
              sequence ? BigDecimal.valueOf(start + index) : BigDecimal.valueOf(randomDouble()));
          case VARCHAR, VARBINARY -> {
            if (sequence) {
              byte[] digits = Long.toString(start + index).getBytes(StandardCharsets.US_ASCII);
              ((BaseVariableWidthVector) vector).setSafe(r, digits, 0, digits.length);
            } else {
              for (int i = 0; i < text.length; i++) {
                text[i] = ALPHABET[random.nextInt(ALPHABET.length)];
              }
              ((BaseVariableWidthVector) vector).setSafe(r, text, 0, text.length);
            }
          }
          case NULL -> Vectors.setNull(vector, r);
        }
      }
    }

    private long randomLong() {
      long low = (long) min;
      long high = (long) max;
      if (low == Long.MIN_VALUE && high == Long.MAX_VALUE) {
        return random.nextLong();
      }
      return low + (long) (random.nextDouble() * ((double) high - low + 1));
    }

    private double randomDouble() {
      return min + random.nextDouble() * (max - min);
    }

    private static double[] defaultRange(DataType type) {
      return switch (type.kind()) {
        case TINYINT -> new double[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
        case SMALLINT -> new double[] {Short.MIN_VALUE, Short.MAX_VALUE};
        case INTEGER, INTERVAL_YEAR_MONTH -> new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
        case TIME -> new double[] {0, DateTimes.MILLIS_PER_DAY - 1};
        case BIGINT, INTERVAL_DAY_TIME -> new double[] {Long.MIN_VALUE, Long.MAX_VALUE};
        default -> new double[] {0, 1};
      };
    }
  }

  static String kindOf(TableSpec table, Field field) {
    return table.option("fields." + field.name() + ".kind", "random");
  }

  static long longOption(TableSpec table, String key, long defaultValue) {
    String value = table.options().get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Table '" + table.name() + "': option '" + key + "' must be an integer, not '" + value + "'", e);
    }
  }
}
