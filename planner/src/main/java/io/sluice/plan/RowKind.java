package io.sluice.plan;

/**
 * The kind of change a row of a changelog stream carries, Flink's four kinds.
 *
 * <p>A changelog stream is a plan node whose schema ends with the column
 * {@link #COLUMN} (TINYINT NOT NULL) holding {@link #code()}; an append-only stream has
 * no such column and all its rows are inserts. Clients print it as the leading {@code op}
 * column.
 */
public enum RowKind {
  INSERT("+I"),
  UPDATE_BEFORE("-U"),
  UPDATE_AFTER("+U"),
  DELETE("-D");

  /** The name of the row-kind column that ends a changelog schema. */
  public static final String COLUMN = "$row_kind";

  private static final RowKind[] BY_CODE = values();

  private final String shortName;

  RowKind(String shortName) {
    this.shortName = shortName;
  }

  /** The value stored in the row-kind column. */
  public byte code() {
    return (byte) ordinal();
  }

  /** {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
  public String shortName() {
    return shortName;
  }

  public static RowKind of(byte code) {
    return BY_CODE[code];
  }

  /** Whether rows of this kind add to a result (as opposed to retracting from it). */
  public boolean isAccumulate() {
    return this == INSERT || this == UPDATE_AFTER;
  }

  /** The name of the leading column in which clients show a changelog row's kind. */
  public static final String CLIENT_COLUMN = "op";

  /**
   * The columns a client shows for results of {@code schema}: for a changelog, {@value #CLIENT_COLUMN}
   * (VARCHAR, the {@link #shortName()}) first and then the data columns; otherwise {@code schema} itself.
   */
  public static Schema clientSchema(Schema schema) {
    if (!isChangelog(schema)) {
      return schema;
    }
    java.util.List<Field> fields = new java.util.ArrayList<>();
    fields.add(new Field(CLIENT_COLUMN, DataType.of(TypeKind.VARCHAR).withNullable(false)));
    fields.addAll(schema.fields().subList(0, schema.size() - 1));
    return new Schema(fields);
  }

  /** Whether a stream with this schema is a changelog (ends with the row-kind column). */
  public static boolean isChangelog(Schema schema) {
    return schema.size() > 0 && schema.field(schema.size() - 1).name().equals(COLUMN);
  }
}
