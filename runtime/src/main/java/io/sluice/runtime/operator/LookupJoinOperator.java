package io.sluice.runtime.operator;

import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.connector.Connectors;
import io.sluice.runtime.connector.FileConnector;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.exec.Durations;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A processing-time lookup join operator. The dimension table, a file, is read whole (the
 * columns the join needs) into the operator's vectors and a hash table on its join keys, the
 * cache, which chains each key's rows in file order. Each left batch probes it at once: a left
 * row leaves once per table row with its key, like a join with the table's current content, or
 * for a LEFT join NULL-padded when none joins. The refresh policy: before a batch is probed, if
 * {@code 'lookup.refresh-interval'} (default 10 s) has passed since the last check, the files'
 * sizes and modification times are compared with those read, and the table is read again when
 * they differ. A reload that fails (a file half written) keeps the previous content and is
 * retried at the next check.
 */
public final class LookupJoinOperator implements StreamOperator {
  /** The option that says how often the dimension's files are checked for changes. */
  public static final String REFRESH_OPTION = "lookup.refresh-interval";
  private static final String DEFAULT_REFRESH = "10 s";

  private final PlanNode.LookupJoin spec;
  private final CalcProvider calcs;
  private final Connectors connectors;
  private final LongSupplier clock;
  private final Schema dimensionSchema;
  private final int[] leftKeyColumns;
  private final int[] rightKeyColumns;
  private final long refreshMillis;
  private final KeyEncoder encoder = new KeyEncoder();
  private OperatorContext context;
  private CandidateOutput output;

  private Cache cache;
  private String loadedVersion;
  private long lastCheck;
  private int loads;
  private int[] leftRows = new int[0];
  private int[] rightRows = new int[0];

  public LookupJoinOperator(PlanNode.LookupJoin spec, CalcProvider calcs, Connectors connectors) {
    this(spec, calcs, connectors, System::currentTimeMillis);
  }

  /** As the public constructor, with {@code clock} (epoch millis) deciding when to check the files. */
  LookupJoinOperator(PlanNode.LookupJoin spec, CalcProvider calcs, Connectors connectors, LongSupplier clock) {
    this.spec = spec;
    this.calcs = calcs;
    this.connectors = connectors;
    this.clock = clock;
    List<Field> fields = spec.table().schema().fields();
    this.dimensionSchema = new Schema(spec.columns().stream().map(fields::get).toList());
    this.leftKeyColumns = spec.leftKeys().stream().mapToInt(Integer::intValue).toArray();
    this.rightKeyColumns = spec.rightKeys().stream().mapToInt(Integer::intValue).toArray();
    this.refreshMillis = Durations.parseMillis(REFRESH_OPTION, spec.table().option(REFRESH_OPTION, DEFAULT_REFRESH));
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    output = new CandidateOutput(spec.left().schema(), dimensionSchema, spec.residual(),
        spec.kind().keepsUnmatchedLeft(), spec.schema(), calcs, context.allocator());
    loadedVersion = FileConnector.contentVersion(spec.table());
    cache = load();
    lastCheck = clock.getAsLong();
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    if (input != 0) {
      throw new IllegalStateException("a lookup join has one input, got a batch on input " + input);
    }
    refreshIfChanged();
    FieldVector[] keyVectors = new FieldVector[leftKeyColumns.length];
    for (int k = 0; k < keyVectors.length; k++) {
      keyVectors[k] = batch.column(leftKeyColumns[k]);
    }
    int pairs = 0;
    for (int r = 0; r < batch.rowCount(); r++) {
      int key = encoder.putNonNullKey(keyVectors, r) ? cache.keys.find(encoder.bytes(), encoder.length()) : -1;
      int row = key < 0 ? -1 : cache.firstRow[key];
      // A row without a match is listed once, with -1, so that a LEFT join can pad it.
      do {
        if (pairs == leftRows.length) {
          int capacity = Math.max(64, pairs * 2);
          leftRows = Arrays.copyOf(leftRows, capacity);
          rightRows = Arrays.copyOf(rightRows, capacity);
        }
        leftRows[pairs] = r;
        rightRows[pairs] = row;
        pairs++;
        row = row < 0 ? -1 : cache.nextRow[row];
      } while (row >= 0);
    }
    output.emit(batch.root(), cache.rows, leftRows, rightRows, pairs, out);
  }

  private void refreshIfChanged() {
    long now = clock.getAsLong();
    if (now - lastCheck < refreshMillis) {
      return;
    }
    lastCheck = now;
    String version = FileConnector.contentVersion(spec.table());
    if (version.equals(loadedVersion)) {
      return;
    }
    Cache fresh;
    try {
      fresh = load();
    } catch (RuntimeException e) {
      // Most likely a file caught half written: serve what was read before and look again next time.
      return;
    }
    cache.close();
    cache = fresh;
    loadedVersion = version;
  }

  /** Reads the whole table into a fresh cache. */
  private Cache load() {
    TableSpec table = spec.table();
    // The dimension is read as it is now: a monitored table is read once, not followed.
    Map<String, String> options = new HashMap<>(table.options());
    options.remove("source.monitor-interval");
    TableSpec snapshot = new TableSpec(table.name(), table.schema(), options, table.watermark(), table.primaryKey(),
        table.metadata());
    PlanNode.Scan scan = new PlanNode.Scan(snapshot, spec.columns(), null, dimensionSchema);
    BufferAllocator allocator = context.allocator();
    Cache loading = new Cache(ArrowTypes.createRoot(dimensionSchema, allocator));
    Collector collect = new Collector() {
      @Override
      public void emit(Batch batch) {
        loading.add(batch);
      }

      @Override
      public void emitWatermark(long watermark) {}
    };
    try (SourceReader reader = connectors.get(snapshot).createReader(scan)) {
      reader.open(new OperatorContext(context.name() + "[" + table.name() + "]", allocator, context.metrics(),
          context.options()));
      SourceReader.Status status;
      do {
        status = reader.poll(collect);
      } while (status != SourceReader.Status.END);
    } catch (Exception e) {
      loading.close();
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
    loads++;
    return loading;
  }

  /** One read of the table: its rows, and per join key the chain of its rows in file order. */
  private final class Cache implements AutoCloseable {
    final VectorSchemaRoot rows;
    final ByteKeyTable keys = new ByteKeyTable();
    int[] firstRow = new int[64];
    int[] lastRow = new int[64];
    int[] nextRow = new int[64];

    Cache(VectorSchemaRoot rows) {
      this.rows = rows;
    }

    /** Appends {@code batch} to the rows, indexing those with a non-NULL key (the others match nothing). */
    void add(Batch batch) {
      int count = rows.getRowCount();
      int added = batch.rowCount();
      for (int c = 0; c < batch.columnCount(); c++) {
        Vectors.copyRange(batch.column(c), 0, added, rows.getVector(c), count);
      }
      rows.setRowCount(count + added);
      if (nextRow.length < count + added) {
        nextRow = Arrays.copyOf(nextRow, Math.max(count + added, nextRow.length * 2));
      }
      FieldVector[] keyVectors = new FieldVector[rightKeyColumns.length];
      for (int k = 0; k < keyVectors.length; k++) {
        keyVectors[k] = batch.column(rightKeyColumns[k]);
      }
      for (int r = 0; r < added; r++) {
        if (!encoder.putNonNullKey(keyVectors, r)) {
          continue;
        }
        int row = count + r;
        nextRow[row] = -1;
        int known = keys.size();
        int key = keys.idOf(encoder.bytes(), encoder.length());
        if (key == known) {
          if (key == firstRow.length) {
            firstRow = Arrays.copyOf(firstRow, key * 2);
            lastRow = Arrays.copyOf(lastRow, key * 2);
          }
          firstRow[key] = row;
        } else {
          nextRow[lastRow[key]] = row;
        }
        lastRow[key] = row;
      }
    }

    @Override
    public void close() {
      rows.close();
    }
  }

  /** How many times the table has been read, the first load included. */
  int loads() {
    return loads;
  }

  @Override
  public boolean supportsCheckpoints() {
    // The state is the file's content, read again on restore.
    return true;
  }

  @Override
  public void close() {
    if (output != null) {
      output.close();
    }
    if (cache != null) {
      cache.close();
    }
  }
}
