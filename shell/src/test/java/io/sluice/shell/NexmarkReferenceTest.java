package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Nexmark queries over the reference data set must give exactly Apache Flink 2.3's results
 * ({@code testdata/nexmark}, from the project's shared Nexmark reference): an oracle from
 * outside this code base. Rows are compared as sorted CSV lines, as the reference stores them.
 */
class NexmarkReferenceTest {
  private static final Path NEXMARK = Path.of("../testdata/nexmark").toAbsolutePath().normalize();

  private static final String TABLES = """
      CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,
        date_time TIMESTAMP(3), extra STRING,
        WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
      WITH ('connector' = 'file', 'path' = '%1$s/data/bid.csv', 'format' = 'csv', 'csv.header' = 'false');
      CREATE TABLE person (id BIGINT, name STRING, email_address STRING, credit_card STRING, city STRING,
        state STRING, date_time TIMESTAMP(3), extra STRING,
        WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
      WITH ('connector' = 'file', 'path' = '%1$s/data/person.csv', 'format' = 'csv', 'csv.header' = 'false');
      CREATE TABLE auction (id BIGINT, item_name STRING, description STRING, initial_bid BIGINT, reserve BIGINT,
        date_time TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra STRING,
        WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
      WITH ('connector' = 'file', 'path' = '%1$s/data/auction.csv', 'format' = 'csv', 'csv.header' = 'false');
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "q0 | SELECT auction, bidder, price, date_time, extra FROM bid",
      "q1 | SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM bid",
      "q2 | SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0",
      "q3 | SELECT p.name, p.city, p.state, a.id FROM auction a JOIN person p ON a.seller = p.id"
          + " WHERE a.category = 10 AND p.state IN ('OR', 'ID', 'CA')",
      "q4 | SELECT w.category, AVG(w.final_price) AS avg_price FROM ("
          + " SELECT a.id, a.category, MAX(b.price) AS final_price FROM auction a JOIN bid b ON a.id = b.auction"
          + " WHERE b.date_time BETWEEN a.date_time AND a.expires GROUP BY a.id, a.category) w GROUP BY w.category",
      "q5 | WITH per_auction AS ("
          + " SELECT auction, window_start AS ws, window_end AS we, COUNT(*) AS num"
          + " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
          + " GROUP BY auction, window_start, window_end)"
          + " SELECT c.auction, c.num FROM per_auction c"
          + " JOIN (SELECT ws, we, MAX(num) AS maxn FROM per_auction GROUP BY ws, we) m"
          + " ON c.ws = m.ws AND c.we = m.we AND c.num >= m.maxn",
      "q7 | SELECT b.auction, b.price, b.bidder, b.date_time, b.extra FROM bid b JOIN ("
          + " SELECT MAX(price) AS maxprice, window_end AS we"
          + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))"
          + " GROUP BY window_start, window_end) m ON b.price = m.maxprice"
          + " WHERE b.date_time BETWEEN m.we - INTERVAL '10' SECOND AND m.we",
      "q8 | SELECT p.id, p.name, p.ws AS starttime FROM ("
          + " SELECT id, name, window_start AS ws, window_end AS we"
          + " FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(date_time), INTERVAL '10' SECOND))"
          + " GROUP BY id, name, window_start, window_end) p JOIN ("
          + " SELECT seller, window_start AS ws, window_end AS we"
          + " FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(date_time), INTERVAL '10' SECOND))"
          + " GROUP BY seller, window_start, window_end) a ON p.id = a.seller AND p.ws = a.ws AND p.we = a.we",
      "win_max | SELECT window_start, window_end, MAX(price) AS maxprice "
          + "FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND)) "
          + "GROUP BY window_start, window_end",
      "win_count_sum | SELECT auction, window_start, window_end, COUNT(*) AS num, SUM(price) AS volume "
          + "FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND)) "
          + "GROUP BY auction, window_start, window_end",
      "hop_count | SELECT auction, window_start, window_end, COUNT(*) AS num "
          + "FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) "
          + "GROUP BY auction, window_start, window_end"})
  void matchesFlink(String query, String sql) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String script = TABLES.formatted(NEXMARK) + sql + ";";
    int exit;
    try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(new String[] {"-e", script, "--format", "csv"}, stdout, stderr);
    }
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));

    List<String> actual = sortedRows(out.toString(StandardCharsets.UTF_8));
    List<String> expected = sortedRows(Files.readString(NEXMARK.resolve("results/" + query + ".csv")));
    assertEquals(expected.size(), actual.size(), "row count of " + query);
    assertEquals(expected, actual, query);
  }

  /**
   * The header, then the rows in byte order. Sluice writes an empty string as {@code ""} to
   * tell it from NULL; the reference writes it bare (it has no NULLs), so quotes are dropped.
   */
  private static List<String> sortedRows(String csv) {
    List<String> lines = new ArrayList<>(List.of(csv.split("\n")));
    String header = lines.remove(0);
    List<String> rows = new ArrayList<>();
    for (String line : lines) {
      rows.add(line.replace("\"\"", ""));
    }
    rows.sort(null);
    rows.add(0, header);
    return rows;
  }
}
