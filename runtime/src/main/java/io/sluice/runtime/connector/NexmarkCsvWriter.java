package io.sluice.runtime.connector;

import io.sluice.runtime.batch.DateTimes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A writer of the Nexmark stream as CSV files {@code DIR/{person,auction,bid}/part-K.csv}:
 * no header, comma-separated, no quoting, timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS}.
 * Part K holds the events of split K of {@code parts} (the blocks {@link NexmarkConnector}
 * deals to reader K), so each file is in event-time order.
 */
public final class NexmarkCsvWriter {
  private final NexmarkGenerator generator;
  private final byte[] line = new byte[1024];
  private int length;

  public NexmarkCsvWriter(long seed, long baseTime, double eventRate) {
    this.generator = new NexmarkGenerator(seed, baseTime, eventRate);
  }

  /** Writes events {@code [0, events)} into {@code parts} files per table under {@code directory}. */
  public void write(Path directory, long events, int parts) throws IOException {
    for (int part = 0; part < parts; part++) {
      OutputStream[] outs = new OutputStream[3];
      try {
        for (NexmarkGenerator.Kind kind : NexmarkGenerator.Kind.values()) {
          Path folder = directory.resolve(kind.name().toLowerCase(java.util.Locale.ROOT));
          Files.createDirectories(folder);
          outs[kind.ordinal()] = new BufferedOutputStream(
              Files.newOutputStream(folder.resolve("part-" + part + ".csv")), 1 << 20);
        }
        for (long block = part; block * NexmarkConnector.BLOCK_EVENTS < events; block += parts) {
          long end = Math.min(events, (block + 1) * NexmarkConnector.BLOCK_EVENTS);
          for (long n = block * NexmarkConnector.BLOCK_EVENTS; n < end; n++) {
            NexmarkGenerator.Kind kind = generator.at(n);
            writeEvent(kind);
            outs[kind.ordinal()].write(line, 0, length);
          }
        }
      } finally {
        for (OutputStream out : outs) {
          if (out != null) {
            out.close();
          }
        }
      }
    }
  }

  private void writeEvent(NexmarkGenerator.Kind kind) {
    length = 0;
    switch (kind) {
      case PERSON -> {
        number(generator.personId());
        text(generator.personName());
        text(generator.personEmail());
        text(generator.personCreditCard());
        text(generator.personCity());
        text(generator.personState());
        timestamp(generator.eventTime());
        text(generator.extra());
      }
      case AUCTION -> {
        number(generator.auctionId());
        text(generator.auctionItemName());
        text(generator.auctionDescription());
        number(generator.auctionInitialBid());
        number(generator.auctionReserve());
        timestamp(generator.eventTime());
        timestamp(generator.auctionExpires());
        number(generator.auctionSeller());
        number(generator.auctionCategory());
        text(generator.extra());
      }
      case BID -> {
        number(generator.bidAuction());
        number(generator.bidBidder());
        number(generator.bidPrice());
        text(generator.bidChannel());
        text(generator.bidUrl());
        timestamp(generator.eventTime());
        text(generator.extra());
      }
    }
    // Every field was followed by a comma; the last one becomes the line end.
    line[length - 1] = '\n';
  }

  private void text(int textLength) {
    System.arraycopy(generator.text(), 0, line, length, textLength);
    length += textLength;
    line[length++] = ',';
  }

  private void number(long value) {
    length = appendDigits(line, length, value, 0);
    line[length++] = ',';
  }

  private void timestamp(long epochMillis) {
    long days = Math.floorDiv(epochMillis, DateTimes.MILLIS_PER_DAY);
    long millisOfDay = Math.floorMod(epochMillis, DateTimes.MILLIS_PER_DAY);
    StringBuilder date = new StringBuilder(10);
    DateTimes.appendDate(date, days);
    for (int i = 0; i < date.length(); i++) {
      line[length++] = (byte) date.charAt(i);
    }
    line[length++] = ' ';
    length = appendDigits(line, length, millisOfDay / 3_600_000, 2);
    line[length++] = ':';
    length = appendDigits(line, length, millisOfDay / 60_000 % 60, 2);
    line[length++] = ':';
    length = appendDigits(line, length, millisOfDay / 1000 % 60, 2);
    line[length++] = '.';
    length = appendDigits(line, length, millisOfDay % 1000, 3);
    line[length++] = ',';
  }

  /** Writes a non-negative {@code value} with at least {@code width} digits; returns the new end. */
  private static int appendDigits(byte[] target, int at, long value, int width) {
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    digits = Math.max(digits, width);
    for (int i = digits - 1; i >= 0; i--) {
      target[at + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return at + digits;
  }
}
