package io.sluice.planner.validate;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Picks the known name closest to a misspelt one, for "did you mean" hints. */
public final class Suggestions {
  private Suggestions() {}

  /** The candidate nearest to {@code name} by edit distance, if it is near enough to be a likely typo. */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance || distance == bestDistance && best != null && candidate.compareTo(best) < 0) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(1, name.length() / 3);
    return best != null && bestDistance <= allowed && !best.equals(name) ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance with transpositions counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
