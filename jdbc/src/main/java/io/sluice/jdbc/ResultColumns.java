package io.sluice.jdbc;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns clients show for a query result: a changelog result (see {@link RowKind})
 * shows its row kind as a leading {@code op} column ({@code +I}, {@code -U}, {@code +U},
 * {@code -D}) instead of the trailing row-kind column; other results keep their columns.
 */
public final class ResultColumns {
  /** The name of the leading column that carries a changelog row's kind. */
  public static final String OP = "op";

  private ResultColumns() {}

  /** The columns a client sees for a result with {@code schema}. */
  public static Schema of(Schema schema) {
    if (!RowKind.isChangelog(schema)) {
      return schema;
    }
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(OP, DataType.of(TypeKind.VARCHAR).withNullable(false)));
    fields.addAll(schema.fields().subList(0, schema.size() - 1));
    return new Schema(fields);
  }
}
