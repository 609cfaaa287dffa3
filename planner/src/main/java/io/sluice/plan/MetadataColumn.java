package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/**
 * A table column filled by the connector from record metadata rather than from the record's
 * value, declared as {@code col TYPE METADATA [FROM 'key'] [VIRTUAL]}.
 *
 * @param column the table column's index
 * @param key the connector's metadata key, such as {@code partition}, {@code offset} or {@code timestamp}
 * @param virtual true when the column is only read; INSERT leaves it out and sinks ignore it
 */
public record MetadataColumn(int column, String key, boolean virtual) {
  public MetadataColumn {
    requireNonNull(key, "key is null");
  }
}
