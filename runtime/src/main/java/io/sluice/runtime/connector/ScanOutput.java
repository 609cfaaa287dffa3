package io.sluice.runtime.connector;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.BatchOrigin;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.codegen.CompiledCalc;
import io.sluice.runtime.codegen.ExpressionException;
import io.sluice.runtime.codegen.UserFunctionFailure;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The part of a source shared by all connectors: which table columns to decode (the
 * scan's, plus any the watermark needs), and turning a decoded batch into output — the
 * watermark advanced, the scan's filter applied, the scan's columns emitted with the rows'
 * origin (where they were read) when the connector knows it.
 */
final class ScanOutput implements AutoCloseable {
  private final PlanNode.Scan scan;
  private final CalcProvider calcs;
  private final int[] decodeColumns;
  private final Schema decodeSchema;
  private VectorSchemaRoot decoded;
  private VectorSchemaRoot view;
  private VectorSchemaRoot filtered;
  private CompiledCalc filter;
  private CompiledCalc watermarkCalc;
  private VectorSchemaRoot watermarkOut;
  /** The decoded index of each row the filter kept, for the filtered batch's origin. */
  private int[] selection = new int[0];
  private int watermarkColumn = -1;
  private long watermark = Long.MIN_VALUE;
  private java.util.concurrent.atomic.LongAdder rowsRead;

  ScanOutput(PlanNode.Scan scan, CalcProvider calcs) {
    this.scan = scan;
    this.calcs = calcs;
    List<Integer> columns = new ArrayList<>(scan.columns());
    TableSpec table = scan.table();
    if (table.watermark() != null) {
      collectInputs(table.watermark().expression(), columns);
    }
    this.decodeColumns = columns.stream().mapToInt(Integer::intValue).toArray();
    List<Field> fields = new ArrayList<>();
    for (int column : decodeColumns) {
      fields.add(table.schema().field(column));
    }
    this.decodeSchema = new Schema(fields);
  }

  /** Table column indexes to decode, in decode-root order; the scan's columns come first. */
  int[] decodeColumns() {
    return decodeColumns;
  }

  TableSpec table() {
    return scan.table();
  }

  /** The root the connector decodes into; columns as {@link #decodeColumns()}. */
  VectorSchemaRoot decoded() {
    return decoded;
  }

  void open(OperatorContext context) {
    decoded = ArrowTypes.createRoot(decodeSchema, context.allocator());
    rowsRead = context.metrics().counter(scan.table().name() + ".rows-read");
    int outputs = scan.columns().size();
    if (scan.filter() != null) {
      List<ExprSpec> projections = new ArrayList<>();
      for (int i = 0; i < outputs; i++) {
        projections.add(new ExprSpec.InputRef(i, scan.schema().type(i)));
      }
      // The filter is over the scan's outputs, which are the first decoded columns.
      filter = calcs.compile(decodeSchema, projections, scan.filter());
      filtered = ArrowTypes.createRoot(scan.schema(), context.allocator());
    } else if (outputs < decodeColumns.length) {
      List<FieldVector> vectors = new ArrayList<>(decoded.getFieldVectors().subList(0, outputs));
      view = new VectorSchemaRoot(ArrowTypes.toArrowSchema(scan.schema()).getFields(), vectors, 0);
    }
    if (scan.table().watermark() != null) {
      ExprSpec expression = remap(scan.table().watermark().expression(), this::decodeIndexOf);
      if (expression instanceof ExprSpec.InputRef ref) {
        watermarkColumn = ref.index();
      } else {
        watermarkCalc = calcs.compile(decodeSchema, List.of(expression), null);
        watermarkOut = ArrowTypes.createRoot(
            Schema.of(new Field("watermark", expression.type())), context.allocator());
      }
    }
  }

  /** Starts a new batch in the decode root. */
  void beginBatch() {
    Vectors.prepareForReuse(decoded);
  }

  /** Emits the {@code rows} decoded rows (after the filter), then the watermark if it advanced. */
  void emit(int rows, Collector out) {
    emit(rows, null, out);
  }

  /** Like {@link #emit(int, Collector)}, for rows read where {@code origin} says (null when unknown). */
  void emit(int rows, BatchOrigin origin, Collector out) {
    advanceWatermark(emitRows(rows, origin, out), out);
  }

  /**
   * Emits the {@code rows} decoded rows (after the filter) without a watermark, for sources
   * that merge per-split watermarks; returns the batch's watermark candidate (the maximum of
   * the watermark expression, or {@link Long#MIN_VALUE}).
   */
  long emitRows(int rows, Collector out) {
    return emitRows(rows, null, out);
  }

  /** Like {@link #emitRows(int, Collector)}, for rows read where {@code origin} says (null when unknown). */
  long emitRows(int rows, BatchOrigin origin, Collector out) {
    decoded.setRowCount(rows);
    rowsRead.add(rows);
    long batchWatermark = batchWatermark(rows);
    if (filter != null) {
      Vectors.prepareForReuse(filtered);
      int[] selected = null;
      if (origin != null) {
        if (selection.length < rows) {
          selection = new int[rows];
        }
        selected = selection;
      }
      int kept;
      try {
        kept = filter.evaluate(decoded, filtered, selected);
      } catch (ExpressionException e) {
        if (origin != null && e.getCause() instanceof UserFunctionFailure failure && failure.row() >= 0) {
          throw new ExpressionException(failure.messageAt(origin.position(failure.row())), failure);
        }
        throw e;
      }
      if (kept > 0) {
        out.emit(new Batch(filtered, selected == null ? null : origin.select(selected)));
      }
    } else if (view != null) {
      view.setRowCount(rows);
      out.emit(new Batch(view, origin));
    } else {
      out.emit(new Batch(decoded, origin));
    }
    return batchWatermark;
  }

  /** The last watermark emitted, recorded in checkpoints. */
  long watermark() {
    return watermark;
  }

  /** Resumes at a checkpointed watermark, so that a restored job drops the same late rows as the original. */
  void restoreWatermark(long restored) {
    watermark = restored;
  }

  /** Emits {@code candidate} as the watermark if it is ahead of the last one emitted. */
  void advanceWatermark(long candidate, Collector out) {
    if (candidate > watermark) {
      watermark = candidate;
      out.emitWatermark(watermark);
    }
  }

  /** The source ended: a table with a watermark closes every window with the final watermark. */
  void end(Collector out) {
    if (scan.table().watermark() != null && watermark < Long.MAX_VALUE) {
      watermark = Long.MAX_VALUE;
      out.emitWatermark(Long.MAX_VALUE);
    }
  }

  private long batchWatermark(int rows) {
    if (scan.table().watermark() == null || rows == 0) {
      return Long.MIN_VALUE;
    }
    TimeStampMilliVector times;
    int count = rows;
    if (watermarkCalc != null) {
      Vectors.prepareForReuse(watermarkOut);
      count = watermarkCalc.evaluate(decoded, watermarkOut);
      times = (TimeStampMilliVector) watermarkOut.getVector(0);
    } else {
      times = (TimeStampMilliVector) decoded.getVector(watermarkColumn);
    }
    long max = Long.MIN_VALUE;
    for (int r = 0; r < count; r++) {
      if (!times.isNull(r)) {
        max = Math.max(max, times.get(r));
      }
    }
    return max;
  }

  private int decodeIndexOf(int tableColumn) {
    for (int i = 0; i < decodeColumns.length; i++) {
      if (decodeColumns[i] == tableColumn) {
        return i;
      }
    }
    throw new IllegalStateException("column " + tableColumn + " is not decoded");
  }

  private static void collectInputs(ExprSpec expression, List<Integer> columns) {
    if (expression instanceof ExprSpec.InputRef ref) {
      if (!columns.contains(ref.index())) {
        columns.add(ref.index());
      }
    } else if (expression instanceof ExprSpec.Call call) {
      call.operands().forEach(operand -> collectInputs(operand, columns));
    } else if (expression instanceof ExprSpec.UserCall call) {
      call.operands().forEach(operand -> collectInputs(operand, columns));
    }
  }

  /** The expression with every input reference renumbered by {@code mapping}. */
  static ExprSpec remap(ExprSpec expression, IntUnaryOperator mapping) {
    if (expression instanceof ExprSpec.InputRef ref) {
      return new ExprSpec.InputRef(mapping.applyAsInt(ref.index()), ref.type());
    } else if (expression instanceof ExprSpec.Call call) {
      return new ExprSpec.Call(
          call.op(), call.operands().stream().map(operand -> remap(operand, mapping)).toList(), call.type());
    } else if (expression instanceof ExprSpec.UserCall call) {
      return new ExprSpec.UserCall(call.function(), call.method(),
          call.operands().stream().map(operand -> remap(operand, mapping)).toList(), call.type());
    }
    return expression;
  }

  @Override
  public void close() {
    // The view shares the decoded vectors; only the owners are closed.
    for (VectorSchemaRoot root : new VectorSchemaRoot[] {decoded, filtered, watermarkOut}) {
      if (root != null) {
        root.close();
      }
    }
  }
}
