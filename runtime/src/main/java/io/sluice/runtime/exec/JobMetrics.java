package io.sluice.runtime.exec;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters of a running job (rows read per source, bad rows skipped per table, ...),
 * readable from other threads while the job runs and reported when it ends.
 */
public final class JobMetrics {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, String> notes = new ConcurrentHashMap<>();

  /** The counter with this name, created at zero on first use. */
  public LongAdder counter(String name) {
    return counters.computeIfAbsent(name, n -> new LongAdder());
  }

  /** A sorted copy of every counter's current value. */
  public Map<String, Long> snapshot() {
    Map<String, Long> values = new TreeMap<>();
    counters.forEach((name, adder) -> values.put(name, adder.sum()));
    return values;
  }

  /**
   * Records a text sample under {@code name} (such as the first bad row a table skipped);
   * the first note under a name wins so that samples stay stable while a job runs.
   */
  public void note(String name, String text) {
    notes.putIfAbsent(name, text);
  }

  /** A sorted copy of every note. */
  public Map<String, String> notes() {
    return new TreeMap<>(notes);
  }
}
