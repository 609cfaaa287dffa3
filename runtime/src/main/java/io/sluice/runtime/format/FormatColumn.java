package io.sluice.runtime.format;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.DataType;

/**
 * One column a format reads or writes: its name in the record, its SQL type, and its
 * position among the vectors (decoding) or batch columns (encoding) the format works on.
 */
public record FormatColumn(String name, DataType type, int index) {
  public FormatColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
