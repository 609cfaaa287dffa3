package io.sluice.runtime.connector;

import io.sluice.plan.TableSpec;
import io.sluice.runtime.operator.CalcProvider;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** The registry of {@link ConnectorFactory}s by their {@code 'connector'} option value. */
public final class Connectors {
  private final Map<String, ConnectorFactory> factories = new TreeMap<>();
  private Function<String, Optional<TableSpec>> tables = name -> Optional.empty();

  /** An empty registry. */
  public Connectors() {}

  /** The built-in connectors: datagen, nexmark, file, kafka, print, blackhole. */
  public static Connectors builtIn(CalcProvider calcs) {
    Connectors connectors = new Connectors();
    return connectors
        .register(new DatagenConnector(calcs))
        .register(new FileConnector(calcs, connectors))
        .register(new KafkaConnector(calcs, connectors))
        .register(new NexmarkConnector(calcs))
        .register(new PrintConnector(System.out))
        .register(new BlackholeConnector());
  }

  /** How catalog tables are looked up by name (for dead-letter tables); none are known by default. */
  public Connectors tables(Function<String, Optional<TableSpec>> tables) {
    this.tables = tables;
    return this;
  }

  /** The catalog table with this name. */
  public Optional<TableSpec> table(String name) {
    return tables.apply(name);
  }

  public static Connectors builtIn() {
    return builtIn(CalcProvider.COMPILER);
  }

  /** Adds (or replaces) the factory for its name. */
  public Connectors register(ConnectorFactory factory) {
    factories.put(factory.name(), factory);
    return this;
  }

  /** The factory for the table's {@code 'connector'} option; the error names the table and lists known connectors. */
  public ConnectorFactory get(TableSpec table) {
    String name = table.connector();
    ConnectorFactory factory = factories.get(name);
    if (factory == null) {
      String problem = name.isEmpty() ? "has no 'connector' option" : "uses unknown connector '" + name + "'";
      throw new IllegalArgumentException(
          "Table '" + table.name() + "' " + problem + "; known connectors: " + String.join(", ", factories.keySet()));
    }
    return factory;
  }
}
