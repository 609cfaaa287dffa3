package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/** A named, typed column of a {@link Schema}. */
public record Field(String name, DataType type) {
  public Field {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
