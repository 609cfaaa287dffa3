package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nexmark q4's shape (an aggregate over an aggregate: the average winning price per
 * category) over the Nexmark bids read as a stream (streaming runtime mode): the changelog the continuous
 * aggregation emits, applied row by row, must end in exactly the batch answer the same
 * query gives over the bounded table.
 */
class ChangelogFinalStateTest {
  private static final Path NEXMARK = Path.of("../testdata/nexmark").toAbsolutePath().normalize();

  private static final String TABLE = """
      CREATE TABLE %s (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,
        date_time TIMESTAMP(3), extra STRING)
      WITH ('connector' = 'file', 'path' = '%s/data/bid.csv', 'format' = 'csv', 'csv.header' = 'false'%s);
      """;

  private static final String Q4_SHAPE = """
      SELECT category, AVG(final) AS average, COUNT(*) AS auctions, MIN(final) AS lowest, MAX(final) AS highest
      FROM (SELECT auction, MOD(auction, 7) AS category, MAX(price) AS final FROM %s GROUP BY auction)
      GROUP BY category;
      """;

  @ParameterizedTest(name = "batch.size={0}")
  @ValueSource(ints = {1, 37, 1000})
  void finalStateOfTheChangelogIsTheBatchAnswer(int batchSize) {
    String unbounded = "SET 'execution.runtime-mode' = 'streaming';\n"
        + TABLE.formatted("bid_stream", NEXMARK, ", 'batch.size' = '" + batchSize + "'");
    String bounded = TABLE.formatted("bid", NEXMARK, "");

    List<String> changelog = run(unbounded + Q4_SHAPE.formatted("bid_stream"));
    assertEquals("op,category,average,auctions,lowest,highest", changelog.get(0));
    Map<String, Integer> finalState = new TreeMap<>();
    int retractions = 0;
    for (String line : changelog.subList(1, changelog.size())) {
      String op = line.substring(0, 2);
      String row = line.substring(3);
      int delta = op.equals("+I") || op.equals("+U") ? 1 : -1;
      retractions += delta < 0 ? 1 : 0;
      int count = finalState.merge(row, delta, Integer::sum);
      assertTrue(count >= 0, "retracted a row that was not emitted: " + line);
      if (count == 0) {
        finalState.remove(row);
      }
    }
    if (batchSize < 1000) {
      assertTrue(retractions > 0, "the inner aggregate's updates should be retracted by the outer one");
    }

    List<String> batch = run(bounded + Q4_SHAPE.formatted("bid"));
    assertEquals("category,average,auctions,lowest,highest", batch.get(0));
    Map<String, Integer> expected = new HashMap<>();
    for (String row : batch.subList(1, batch.size())) {
      expected.merge(row, 1, Integer::sum);
    }
    assertEquals(7, expected.size());
    assertEquals(new TreeMap<>(expected), finalState);
  }

  private static List<String> run(String script) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(new String[] {"-e", script, "--format", "csv"}, stdout, stderr);
    }
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    return new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
  }
}
