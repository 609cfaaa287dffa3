package io.sluice.runtime.exec;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.connector.Connectors;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.operator.OperatorFactory;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A builder of {@link Job}s from a physical plan, its result consumer and session options. */
public final class JobBuilder {
  private final PhysicalPlan plan;
  private String name = "query";
  private ResultConsumer consumer;
  private Map<String, String> options = Map.of();
  private CalcProvider calcs = CalcProvider.COMPILER;
  private Connectors connectors;
  private Function<String, Optional<TableSpec>> tables = name -> Optional.empty();

  public JobBuilder(PhysicalPlan plan) {
    this.plan = requireNonNull(plan, "plan is null");
  }

  /** The job's name, used in thread names, allocator names and errors. */
  public JobBuilder name(String name) {
    this.name = requireNonNull(name, "name is null");
    return this;
  }

  /** Where the rows of a {@code SinkSpec.Result} plan go; required for such plans. */
  public JobBuilder resultConsumer(ResultConsumer consumer) {
    this.consumer = requireNonNull(consumer, "consumer is null");
    return this;
  }

  /** The session options in force (such as {@code 'job.memory.limit'}). */
  public JobBuilder options(Map<String, String> options) {
    this.options = Map.copyOf(options);
    return this;
  }

  /** How filters and projections are compiled; the generated-code compiler by default. */
  public JobBuilder calcProvider(CalcProvider calcs) {
    this.calcs = requireNonNull(calcs, "calcs is null");
    return this;
  }

  /** The connector registry; by default the built-in connectors using this builder's calc provider. */
  public JobBuilder connectors(Connectors connectors) {
    this.connectors = requireNonNull(connectors, "connectors is null");
    return this;
  }

  /** How connectors look up other catalog tables by name (dead-letter tables). */
  public JobBuilder tables(Function<String, Optional<TableSpec>> tables) {
    this.tables = requireNonNull(tables, "tables is null");
    return this;
  }

  public Job build() {
    Connectors registry = (connectors != null ? connectors : Connectors.builtIn(calcs)).tables(tables);
    return new Job(name, plan, options, consumer, new OperatorFactory(registry, calcs));
  }
}
