package io.sluice.plan;

/** The kind of a join: which unmatched rows it keeps and which columns it emits. */
public enum JoinKind {
  INNER,
  LEFT,
  RIGHT,
  FULL,
  /** Left rows that have at least one match, once each; emits the left columns only. */
  SEMI,
  /** Left rows that have no match; emits the left columns only. */
  ANTI;

  /** Whether left rows without a match appear in the output. */
  public boolean keepsUnmatchedLeft() {
    return this == LEFT || this == FULL || this == ANTI;
  }

  /** Whether right rows without a match appear in the output (NULL-padded on the left). */
  public boolean keepsUnmatchedRight() {
    return this == RIGHT || this == FULL;
  }

  /** Whether the output has the right input's columns after the left's. */
  public boolean emitsRight() {
    return this != SEMI && this != ANTI;
  }
}
