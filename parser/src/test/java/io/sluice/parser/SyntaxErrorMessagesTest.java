package io.sluice.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.parser.error.SqlSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of syntax error messages: each case in {@code syntax-errors.txt} is a script and the exact
 * message of its first error, caret line included.
 */
class SyntaxErrorMessagesTest {
  private static final String CASES = "syntax-errors.txt";

  static List<Arguments> cases() throws IOException {
    String text;
    try (InputStream in = SyntaxErrorMessagesTest.class.getResourceAsStream(CASES)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Arguments> cases = new ArrayList<>();
    for (String block : text.split("(?m)^=== ")) {
      if (block.startsWith("#")) {
        continue;
      }
      int nameEnd = block.indexOf('\n');
      int separator = block.indexOf("\n---\n", nameEnd);
      String name = block.substring(0, nameEnd);
      String script = block.substring(nameEnd + 1, separator);
      String message = block.substring(separator + 5).stripTrailing();
      cases.add(Arguments.of(name, script, message));
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheFirstErrorReadably(String name, String script, String message) {
    SqlSyntaxException error = assertThrows(SqlSyntaxException.class, () -> new SluiceParser().parseScript(script));
    assertEquals(message, error.getMessage());
    assertTrue(message.startsWith("line " + error.line() + ":" + error.column() + ": " + error.shortMessage()));
  }
}
