package io.sluice.runtime.format;

import io.sluice.runtime.batch.Batch;
import org.apache.arrow.vector.BaseVariableWidthVector;

/** The {@code raw} format's encoder: the single VARCHAR or VARBINARY column's bytes (null for NULL). */
final class RawEncoder implements RecordEncoder {
  private final int index;

  RawEncoder(FormatColumn column) {
    this.index = column.index();
  }

  @Override
  public byte[] encode(Batch batch, int row) {
    BaseVariableWidthVector vector = (BaseVariableWidthVector) batch.column(index);
    return vector.isNull(row) ? null : vector.get(row);
  }
}
