package io.sluice.udf.builtin;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Built-in string functions over Java strings; positions and lengths count Unicode code
 * points, as SQL counts characters.
 */
public final class StringFunctions {
  private StringFunctions() {}

  public static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  public static int charLength(String s) {
    return s.codePointCount(0, s.length());
  }

  /** SUBSTRING(s FROM start): the characters from 1-based {@code start} to the end. */
  public static String substring(String s, long start) {
    return substring(s, start, Long.MAX_VALUE / 4);
  }

  /**
   * SUBSTRING(s FROM start FOR length) with SQL semantics: the window [start, start+length)
   * is clipped to the string, so a start before 1 shortens the result.
   */
  public static String substring(String s, long start, long length) {
    if (length < 0) {
      throw new FunctionException("Negative substring length " + length);
    }
    int chars = charLength(s);
    long from = Math.max(start, 1);
    long to = Math.min(start + length, chars + 1L);
    if (to <= from) {
      return "";
    }
    int begin = s.offsetByCodePoints(0, (int) from - 1);
    int end = s.offsetByCodePoints(begin, (int) (to - from));
    return s.substring(begin, end);
  }

  /** TRIM(BOTH|LEADING|TRAILING characters FROM s); {@code characters} is a set. */
  public static String trim(String flag, String characters, String s) {
    boolean leading = !flag.equalsIgnoreCase("TRAILING");
    boolean trailing = !flag.equalsIgnoreCase("LEADING");
    int begin = 0;
    int end = s.length();
    while (leading && begin < end && characters.indexOf(s.codePointAt(begin)) >= 0) {
      begin += Character.charCount(s.codePointAt(begin));
    }
    while (trailing && end > begin && characters.indexOf(s.codePointBefore(end)) >= 0) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(begin, end);
  }

  /** The 1-based character position of {@code needle} in {@code haystack}, or 0. */
  public static int position(String needle, String haystack) {
    int index = haystack.indexOf(needle);
    return index < 0 ? 0 : haystack.codePointCount(0, index) + 1;
  }

  public static String replace(String s, String search, String replacement) {
    return search.isEmpty() ? s : s.replace(search, replacement);
  }

  /** Capitalises the first letter of each run of letters and digits and lower-cases the rest. */
  public static String initcap(String s) {
    StringBuilder result = new StringBuilder(s.length());
    boolean wordStart = true;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      boolean inWord = Character.isLetterOrDigit(c);
      result.appendCodePoint(inWord && wordStart ? Character.toTitleCase(c) : Character.toLowerCase(c));
      wordStart = !inWord;
      i += Character.charCount(c);
    }
    return result.toString();
  }

  /** Compares in code-point order, which is the binary order of the UTF-8 encodings. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (x != y) {
        if (!Character.isSurrogate(x) && !Character.isSurrogate(y)) {
          return x - y;
        }
        return Integer.compare(a.codePointAt(i), b.codePointAt(j));
      }
      i++;
      j++;
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** The regular expression for a LIKE pattern ({@code %}, {@code _}); {@code escape} may be null. */
  public static Pattern likePattern(String pattern, String escape) {
    char escapeChar = escapeChar(escape);
    StringBuilder regex = new StringBuilder(pattern.length() + 8);
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == escapeChar) {
        regex.append(quote(escapedChar(pattern, i, escapeChar, "%_")));
        i++;
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(quote(c));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /**
   * The regular expression for a SIMILAR TO pattern: LIKE's wildcards plus {@code | * + ?
   * {m,n} ( ) [ ]}; other characters match themselves.
   */
  public static Pattern similarPattern(String pattern, String escape) {
    char escapeChar = escapeChar(escape);
    StringBuilder regex = new StringBuilder(pattern.length() + 8);
    boolean inBrackets = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == escapeChar) {
        regex.append(quote(escapedChar(pattern, i, escapeChar, "%_|*+?{}()[]^-")));
        i++;
      } else if (inBrackets) {
        inBrackets = c != ']';
        regex.append(c == '\\' || c == '[' || c == '&' ? "\\" + c : String.valueOf(c));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else if ("|*+?{}(),0123456789".indexOf(c) >= 0) {
        regex.append(c);
      } else if (c == '[') {
        inBrackets = true;
        regex.append(c);
      } else {
        regex.append(quote(c));
      }
    }
    try {
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    } catch (RuntimeException e) {
      throw new FunctionException("Invalid SIMILAR TO pattern '" + pattern + "'", e);
    }
  }

  public static boolean matches(Pattern pattern, String s) {
    return pattern.matcher(s).matches();
  }

  private static char escapeChar(String escape) {
    if (escape == null) {
      return (char) -1;
    }
    if (escape.length() != 1) {
      throw new FunctionException("Invalid escape character '" + escape + "': must be one character");
    }
    return escape.charAt(0);
  }

  private static char escapedChar(String pattern, int escapeIndex, char escapeChar, String escapable) {
    if (escapeIndex + 1 >= pattern.length()) {
      throw new FunctionException("Invalid pattern '" + pattern + "': ends with the escape character");
    }
    char next = pattern.charAt(escapeIndex + 1);
    if (next != escapeChar && escapable.indexOf(next) < 0) {
      throw new FunctionException("Invalid pattern '" + pattern + "': '" + escapeChar + "' escapes '" + next + "'");
    }
    return next;
  }

  private static String quote(char c) {
    // A backslash makes an ASCII non-alphanumeric character literal; all other characters already are.
    return c < 128 && !Character.isLetterOrDigit(c) ? "\\" + c : String.valueOf(c);
  }
}
