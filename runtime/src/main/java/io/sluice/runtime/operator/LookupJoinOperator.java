package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
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
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A processing-time lookup join operator. The dimension table, a file, is read whole into the
 * operator's vectors and a hash table on its join keys (the cache; a key's last row in the file
 * wins). Each left batch probes it at once and leaves joined, or for a LEFT join NULL-padded.
 * The refresh policy: before a batch is probed, if {@code 'lookup.refresh-interval'} (default
 * 10 s) has passed since the last check, the files' sizes and modification times are compared
 * with those read, and the table is read again when they differ. A reload that fails (a file
 * half written) keeps the previous content and is retried at the next check.
 */
public final class LookupJoinOperator implements StreamOperator {
  /** The option that says how often the dimension's files are checked for changes. */
  public static final String REFRESH_OPTION = "lookup.refresh-interval";
  private static final String DEFAULT_REFRESH = "10 s";

  private final PlanNode.LookupJoin spec;
  private final CalcProvider calcs;
  private final Connectors connectors;
  private final LongSupplier clock;
  private final int[] leftKeyColumns;
  private final int[] rightKeyColumns;
  private final long refreshMillis;
  private final KeyEncoder encoder = new KeyEncoder();
  private OperatorContext context;
  private SingleMatchOutput output;

  private VectorSchemaRoot dimension;
  private ByteKeyTable keys;
  private int[] rowOfKey;
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
    this.leftKeyColumns = spec.leftKeys().stream().mapToInt(Integer::intValue).toArray();
    this.rightKeyColumns = spec.rightKeys().stream().mapToInt(Integer::intValue).toArray();
    this.refreshMillis = Durations.parseMillis(REFRESH_OPTION, spec.table().option(REFRESH_OPTION, DEFAULT_REFRESH));
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    output = new SingleMatchOutput(spec.left().schema(), spec.table().schema(), spec.residual(),
        spec.kind().keepsUnmatchedLeft(), spec.schema(), calcs, context.allocator());
    loadedVersion = FileConnector.contentVersion(spec.table());
    load();
    lastCheck = clock.getAsLong();
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    if (input != 0) {
      throw new IllegalStateException("a lookup join has one input, got a batch on input " + input);
    }
    refreshIfChanged();
    int rows = batch.rowCount();
    if (leftRows.length < rows) {
      leftRows = new int[rows];
      rightRows = new int[rows];
    }
    FieldVector[] keyVectors = new FieldVector[leftKeyColumns.length];
    for (int k = 0; k < keyVectors.length; k++) {
      keyVectors[k] = batch.column(leftKeyColumns[k]);
    }
    for (int r = 0; r < rows; r++) {
      leftRows[r] = r;
      int key = encoder.putNonNullKey(keyVectors, r) ? keys.find(encoder.bytes(), encoder.length()) : -1;
      rightRows[r] = key < 0 ? -1 : rowOfKey[key];
    }
    output.emit(batch.root(), dimension, leftRows, rightRows, rows, out);
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
    VectorSchemaRoot previous = dimension;
    ByteKeyTable previousKeys = keys;
    int[] previousRows = rowOfKey;
    try {
      load();
    } catch (RuntimeException e) {
      // Most likely a file caught half written: serve what was read before and look again next time.
      if (dimension != previous) {
        dimension.close();
      }
      dimension = previous;
      keys = previousKeys;
      rowOfKey = previousRows;
      return;
    }
    previous.close();
    loadedVersion = version;
  }

  /** Reads the whole table into fresh vectors and a fresh key table. */
  private void load() {
    TableSpec table = spec.table();
    // The dimension is read as it is now: a monitored table is read once, not followed.
    Map<String, String> options = new HashMap<>(table.options());
    options.remove("source.monitor-interval");
    TableSpec snapshot = new TableSpec(table.name(), table.schema(), options, table.watermark(), table.primaryKey(),
        table.metadata());
    List<Integer> columns = IntStream.range(0, table.schema().size()).boxed().toList();
    PlanNode.Scan scan = new PlanNode.Scan(snapshot, columns, null, table.schema());
    BufferAllocator allocator = context.allocator();
    dimension = ArrowTypes.createRoot(table.schema(), allocator);
    keys = new ByteKeyTable();
    rowOfKey = new int[64];
    Collector collect = new Collector() {
      @Override
      public void emit(Batch batch) {
        add(batch);
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
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
    loads++;
  }

  private void add(Batch batch) {
    FieldVector[] keyVectors = new FieldVector[rightKeyColumns.length];
    for (int k = 0; k < keyVectors.length; k++) {
      keyVectors[k] = batch.column(rightKeyColumns[k]);
    }
    int count = dimension.getRowCount();
    for (int r = 0; r < batch.rowCount(); r++) {
      if (!encoder.putNonNullKey(keyVectors, r)) {
        continue;
      }
      int key = keys.idOf(encoder.bytes(), encoder.length());
      if (key == rowOfKey.length) {
        rowOfKey = Arrays.copyOf(rowOfKey, key * 2);
      }
      Vectors.copyRow(batch.root(), r, dimension, count);
      rowOfKey[key] = count++;
    }
    dimension.setRowCount(count);
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
    if (dimension != null) {
      dimension.close();
    }
  }
}
