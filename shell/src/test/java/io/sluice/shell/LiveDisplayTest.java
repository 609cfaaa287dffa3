package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The status line under a running continuous query. */
class LiveDisplayTest {
  @Test
  void statusShowsRowsRateWatermarkAndElapsedTime() {
    assertEquals("1234 rows | 205.5/s | watermark 2026-11-27 05:12:03.040 | 1:02:05 | Ctrl-C cancels",
        LiveDisplay.status(1234, -1, 205.46, 1_795_756_323_040L, TimeUnit.SECONDS.toNanos(3725)));
    assertEquals("1 row, 1 change | 0.0/s | watermark - | 0:00:00 | Ctrl-C cancels",
        LiveDisplay.status(1, 1, 0, Long.MIN_VALUE, 0), "before the first watermark");
    assertEquals("2 rows, 7 changes | 1.0/s | watermark end | 0:00:09 | Ctrl-C cancels",
        LiveDisplay.status(7, 2, 1, Long.MAX_VALUE, TimeUnit.MILLISECONDS.toNanos(9_999)), "after the final watermark");
  }
}
