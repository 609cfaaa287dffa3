package io.sluice.runtime.operator;

/** A stable merge sort of primitive int arrays under a caller's ordering, so row indexes are never boxed. */
final class IntMergeSort {
  /** An ordering of ints (row indexes). */
  @FunctionalInterface
  interface IntComparator {
    int compare(int left, int right);
  }

  private static final int INSERTION_THRESHOLD = 16;

  private IntMergeSort() {}

  static void sort(int[] values, IntComparator comparator) {
    int[] scratch = values.clone();
    sort(scratch, values, 0, values.length, comparator);
  }

  /** Sorts {@code source[from, to)} into {@code target[from, to)}; both hold the same values on entry. */
  private static void sort(int[] source, int[] target, int from, int to, IntComparator comparator) {
    if (to - from <= INSERTION_THRESHOLD) {
      for (int i = from + 1; i < to; i++) {
        int value = target[i];
        int j = i - 1;
        while (j >= from && comparator.compare(target[j], value) > 0) {
          target[j + 1] = target[j];
          j--;
        }
        target[j + 1] = value;
      }
      return;
    }
    int middle = (from + to) >>> 1;
    sort(target, source, from, middle, comparator);
    sort(target, source, middle, to, comparator);
    int left = from;
    int right = middle;
    for (int i = from; i < to; i++) {
      if (right >= to || (left < middle && comparator.compare(source[left], source[right]) <= 0)) {
        target[i] = source[left++];
      } else {
        target[i] = source[right++];
      }
    }
  }
}
