package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/**
 * How rows are assigned to event-time windows, all lengths in milliseconds. Processing-time
 * windows assign rows by their {@code PROCTIME()} column and fire by the wall clock instead
 * of the watermark.
 *
 * @param timeColumn the input column holding each row's event time (a TIMESTAMP)
 * @param size the window length (TUMBLE, HOP), the maximum length (CUMULATE) or the gap (SESSION)
 * @param step the slide (HOP), the step (CUMULATE); equal to {@code size} for TUMBLE and SESSION
 * @param offset shifts window boundaries away from the epoch (0: aligned to the epoch)
 * @param processingTime whether the time column is the processing time, so windows fire by the wall clock
 */
public record WindowSpec(WindowKind kind, int timeColumn, long size, long step, long offset, boolean processingTime) {
  public WindowSpec {
    requireNonNull(kind, "kind is null");
    if (size <= 0 || step <= 0) {
      throw new IllegalArgumentException("window lengths must be positive: " + size + ", " + step);
    }
  }

  /** An event-time window. */
  public WindowSpec(WindowKind kind, int timeColumn, long size, long step, long offset) {
    this(kind, timeColumn, size, step, offset, false);
  }

  /** The same windows over processing time. */
  public WindowSpec inProcessingTime() {
    return new WindowSpec(kind, timeColumn, size, step, offset, true);
  }

  public static WindowSpec tumble(int timeColumn, long size, long offset) {
    return new WindowSpec(WindowKind.TUMBLE, timeColumn, size, size, offset);
  }

  public static WindowSpec hop(int timeColumn, long slide, long size, long offset) {
    return new WindowSpec(WindowKind.HOP, timeColumn, size, slide, offset);
  }

  public static WindowSpec cumulate(int timeColumn, long step, long maxSize, long offset) {
    return new WindowSpec(WindowKind.CUMULATE, timeColumn, maxSize, step, offset);
  }

  public static WindowSpec session(int timeColumn, long gap) {
    return new WindowSpec(WindowKind.SESSION, timeColumn, gap, gap, 0);
  }

  /** The length of the slices a row's accumulator lives in: windows are unions of whole slices. */
  public long sliceLength() {
    return switch (kind) {
      case TUMBLE, SESSION -> size;
      case HOP -> gcd(size, step);
      case CUMULATE -> step;
    };
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  @Override
  public String toString() {
    String time = "$" + timeColumn;
    String lengths = switch (kind) {
      case TUMBLE -> "size=" + size + "ms";
      case HOP -> "slide=" + step + "ms, size=" + size + "ms";
      case CUMULATE -> "step=" + step + "ms, max-size=" + size + "ms";
      case SESSION -> "gap=" + size + "ms";
    };
    return kind + "(time=" + time + (processingTime ? " (processing time)" : "") + ", " + lengths
        + (offset != 0 ? ", offset=" + offset + "ms" : "") + ")";
  }
}
