package io.sluice.planner;

import io.sluice.plan.TableSpec;
import io.sluice.planner.rel.SluiceTableScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;

/** Whether a table's connector options describe a finite input, and which tables under a plan do not. */
public final class Boundedness {
  private Boundedness() {}

  public static boolean isBounded(TableSpec table) {
    return switch (table.connector()) {
      case "datagen" -> table.options().containsKey("number-of-rows");
      case "nexmark" -> table.options().containsKey("events") || table.options().containsKey("nexmark.events");
      case "file", "filesystem" -> !table.options().containsKey("source.monitor-interval");
      case "kafka" -> !"unbounded".equals(table.option("scan.bounded.mode", "unbounded"));
      default -> false;
    };
  }

  /** The names of the unbounded tables scanned under {@code rel}, in plan order. */
  public static List<String> unboundedTables(RelNode rel) {
    List<String> names = new ArrayList<>();
    collect(rel, names);
    return names;
  }

  private static void collect(RelNode rel, List<String> names) {
    if (rel instanceof SluiceTableScan scan && !isBounded(scan.spec())) {
      names.add(scan.spec().name());
    }
    for (RelNode input : rel.getInputs()) {
      collect(input, names);
    }
  }
}
