import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;

/** The live walkthrough's windowed query from Java over JDBC: prints the first six rows as windows close. */
public class Clicks {
  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:?catalog.dir=clicks-catalog");
        Statement statement = connection.createStatement()) {
      statement.execute(Files.readString(Path.of("examples/live/clicks.sql")));
      statement.setMaxRows(6);  // the stream never ends: stop after six rows
      try (ResultSet rows = statement.executeQuery("""
          SELECT window_start, user_id, COUNT(*) AS clicks
          FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '2' SECOND))
          GROUP BY window_start, window_end, user_id""")) {
        while (rows.next()) {  // waits for the next window to close
          System.out.printf("%s  user %d  %d clicks%n",
              rows.getObject("window_start", LocalDateTime.class), rows.getInt("user_id"), rows.getLong("clicks"));
        }
      }
    }
  }
}
