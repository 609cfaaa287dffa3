package io.sluice.plan;

import java.util.List;
import java.util.stream.Collectors;

/** The ordered columns of a table, a plan node's output, or a query result. */
public record Schema(List<Field> fields) {
  public Schema {
    fields = List.copyOf(fields);
  }

  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  public int size() {
    return fields.size();
  }

  public Field field(int index) {
    return fields.get(index);
  }

  public DataType type(int index) {
    return fields.get(index).type();
  }

  /** The index of the column with exactly this name, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public List<String> names() {
    return fields.stream().map(Field::name).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public String toString() {
    return fields.stream().map(f -> f.name() + " " + f.type()).collect(Collectors.joining(", ", "(", ")"));
  }
}
