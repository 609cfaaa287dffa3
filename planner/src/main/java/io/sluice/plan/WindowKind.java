package io.sluice.plan;

/** The kinds of event-time windows, as the window table functions of the same names assign them. */
public enum WindowKind {
  /** Fixed-size, non-overlapping windows of {@code size}. */
  TUMBLE,
  /** Windows of {@code size} starting every {@code slide}; a row belongs to size / slide windows. */
  HOP,
  /** Windows growing by {@code step} from each {@code size}-aligned start up to {@code size}. */
  CUMULATE,
  /** Per key, rows closer than {@code gap} to each other form one window. */
  SESSION
}
