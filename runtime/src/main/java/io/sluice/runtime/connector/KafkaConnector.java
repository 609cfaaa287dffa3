package io.sluice.runtime.connector;

import io.sluice.plan.MetadataColumn;
import io.sluice.plan.PlanNode;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.operator.StreamOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code kafka} connector: topics as a source of per-partition splits ({@link KafkaReader})
 * and a topic as a sink ({@link KafkaSink}; exactly-once with checkpoints). Values (and
 * optionally keys) are records in a {@code json}, {@code csv} or {@code raw} format; partition, offset, timestamp
 * and topic are available as METADATA columns.
 */
public final class KafkaConnector implements ConnectorFactory {
  /** Metadata keys and the column types they need. */
  static final Map<String, TypeKind> METADATA = Map.of(
      "topic", TypeKind.VARCHAR, "partition", TypeKind.INTEGER, "offset", TypeKind.BIGINT,
      "timestamp", TypeKind.TIMESTAMP);

  private final CalcProvider calcs;
  private final Connectors connectors;

  public KafkaConnector(CalcProvider calcs, Connectors connectors) {
    this.calcs = calcs;
    this.connectors = connectors;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan) {
    check(scan.table());
    return new KafkaReader(new ScanOutput(scan, calcs), new BadRecords(scan.table(), connectors), null);
  }

  @Override
  public StreamOperator createSink(TableSpec table) {
    check(table);
    if (table.option("topic", "").isEmpty() || table.option("topic", "").contains(";")) {
      throw new IllegalArgumentException("Table '" + table.name() + "': a Kafka sink needs one 'topic'");
    }
    return new KafkaSink(table);
  }

  private static void check(TableSpec table) {
    if (table.option("properties.bootstrap.servers", "").isEmpty()) {
      throw new IllegalArgumentException(
          "Table '" + table.name() + "': the kafka connector needs 'properties.bootstrap.servers'");
    }
    if (table.option("topic", "").isEmpty() && table.option("topic-pattern", "").isEmpty()) {
      throw new IllegalArgumentException("Table '" + table.name() + "': the kafka connector needs 'topic' or 'topic-pattern'");
    }
    for (MetadataColumn column : table.metadata()) {
      TypeKind kind = METADATA.get(column.key());
      String name = table.schema().field(column.column()).name();
      if (kind == null) {
        throw new IllegalArgumentException("Table '" + table.name() + "': column '" + name + "' has unknown metadata key '"
            + column.key() + "'; the kafka connector knows " + String.join(", ", METADATA.keySet().stream().sorted().toList()));
      }
      if (table.schema().type(column.column()).kind() != kind) {
        throw new IllegalArgumentException("Table '" + table.name() + "': metadata column '" + name + "' FROM '"
            + column.key() + "' must be " + kind + ", not " + table.schema().type(column.column()));
      }
    }
    for (String key : keyFields(table)) {
      if (table.schema().indexOf(key) < 0) {
        throw new IllegalArgumentException("Table '" + table.name() + "': 'key.fields' names unknown column '" + key + "'");
      }
    }
    String include = table.option("value.fields-include", "ALL");
    if (!include.equals("ALL") && !include.equals("EXCEPT_KEY")) {
      throw new IllegalArgumentException(
          "Table '" + table.name() + "': 'value.fields-include' must be 'ALL' or 'EXCEPT_KEY', not '" + include + "'");
    }
  }

  /** The key columns: {@code 'key.fields'} (or {@code 'sink.key.fields'}), {@code ;}-separated. */
  static List<String> keyFields(TableSpec table) {
    String fields = table.option("key.fields", table.option("sink.key.fields", ""));
    return fields.isBlank() ? List.of() : Arrays.stream(fields.split(";")).map(String::trim).toList();
  }

  /** The table columns the record value holds, in table order. */
  static List<Integer> valueColumns(TableSpec table) {
    boolean exceptKey = table.option("value.fields-include", "ALL").equals("EXCEPT_KEY");
    List<String> keys = keyFields(table);
    List<Integer> columns = new ArrayList<>();
    for (int c = 0; c < table.schema().size(); c++) {
      if (table.metadataOf(c) == null && !(exceptKey && keys.contains(table.schema().field(c).name()))) {
        columns.add(c);
      }
    }
    return columns;
  }

  /** The client properties: every {@code 'properties.*'} option without its prefix. */
  static Properties clientProperties(TableSpec table) {
    Properties properties = new Properties();
    table.options().forEach((key, value) -> {
      if (key.startsWith("properties.")) {
        properties.put(key.substring("properties.".length()), value);
      }
    });
    return properties;
  }

  /** A duration option such as {@code '500 ms'}, {@code '1 s'}, {@code '2 min'} in milliseconds. */
  static long durationOption(TableSpec table, String key, long defaultMillis) {
    String value = table.option(key, "").trim();
    if (value.isEmpty()) {
      return defaultMillis;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|min|h)?").matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("Table '" + table.name() + "': option '" + key
          + "' must be a duration such as '500 ms', '1 s' or '2 min', not '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> amount * 1000;
      case "min" -> amount * 60_000;
      case "h" -> amount * 3_600_000;
      default -> amount;
    };
  }
}
