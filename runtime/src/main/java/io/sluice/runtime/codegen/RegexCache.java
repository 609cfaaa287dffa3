package io.sluice.runtime.codegen;

import io.sluice.udf.builtin.StringFunctions;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The last compiled LIKE or SIMILAR TO pattern of one call site whose pattern is not a
 * literal; patterns usually repeat from row to row, so one entry avoids most recompiles.
 */
public final class RegexCache {
  private final boolean similar;
  private String lastPattern;
  private String lastEscape;
  private Pattern lastRegex;

  public RegexCache(boolean similar) {
    this.similar = similar;
  }

  public Pattern pattern(String pattern, String escape) {
    if (!pattern.equals(lastPattern) || !Objects.equals(escape, lastEscape)) {
      lastRegex = similar ? StringFunctions.similarPattern(pattern, escape) : StringFunctions.likePattern(pattern, escape);
      lastPattern = pattern;
      lastEscape = escape;
    }
    return lastRegex;
  }
}
