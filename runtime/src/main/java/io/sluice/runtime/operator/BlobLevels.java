package io.sluice.runtime.operator;

import java.util.List;

/**
 * The merging of a join side's snapshot blobs by levels: a new blob is level 0, and once the
 * newest {@code fanIn - 1} blobs and the new one are of one level they become one blob of the
 * next level, and so on up.
 */
final class BlobLevels {
  /**
   * How many snapshot blobs of one level a join side merges into one of the next: a side holds
   * at most {@code (FAN_IN - 1)} blobs per level, so a join checkpointed every second for a day
   * refers to at most about 75 files per side, and each row is rewritten about log16 of the
   * checkpoint count times.
   */
  static final int FAN_IN = 16;

  /** A blob with its merge level. */
  interface Levelled {
    int level();
  }

  private BlobLevels() {}

  /**
   * How many of the newest {@code blobs} (oldest first) the next blob takes in: a multiple of
   * {@code fanIn - 1}; the next blob is of level {@code toMerge / (fanIn - 1)}.
   */
  static int toMerge(List<? extends Levelled> blobs, int fanIn) {
    int merged = 0;
    for (int level = 0; blobs.size() - merged >= fanIn - 1 && allOf(blobs, merged, fanIn - 1, level); level++) {
      merged += fanIn - 1;
    }
    return merged;
  }

  /** Whether the {@code count} blobs before the newest {@code skipped} are all of {@code level}. */
  private static boolean allOf(List<? extends Levelled> blobs, int skipped, int count, int level) {
    int end = blobs.size() - skipped;
    for (int b = end - count; b < end; b++) {
      if (blobs.get(b).level() != level) {
        return false;
      }
    }
    return true;
  }
}
