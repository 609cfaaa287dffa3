package io.sluice.runtime.connector;

import java.nio.charset.StandardCharsets;

/**
 * The Nexmark event model: event {@code n} of the stream is a person, an auction or a bid
 * (in each block of 50 events: 1 person, 3 auctions, 46 bids), and every field of it is a
 * pure function of the seed and {@code n}, so any split of the sequence produces the same
 * events. Event time advances by {@code 1000 / eventRate} milliseconds per event.
 *
 * <p>Field values are written by the caller from the generator's state after
 * {@link #at(long)}; text fields come as byte ranges of shared arrays, so generating
 * allocates nothing.
 */
public final class NexmarkGenerator {
  /** The kind of an event. */
  public enum Kind { PERSON, AUCTION, BID }

  static final int PROPORTION_DENOMINATOR = 50;
  static final int PERSONS_PER_BLOCK = 1;
  static final int AUCTIONS_PER_BLOCK = 3;
  static final long FIRST_ID = 1000;
  /** How many of the newest persons and auctions new events refer to. */
  private static final int ACTIVE_PEOPLE = 1000;
  private static final int ACTIVE_AUCTIONS = 100;
  /** One bid in {@code HOT_RATIO} goes to a hot auction / comes from a hot bidder. */
  private static final int HOT_RATIO = 2;
  private static final int HOT_GROUP = 100;
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private static final byte[][] FIRST_NAMES = bytes("Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie",
      "Sarah", "Deiter", "Walter");
  private static final byte[][] LAST_NAMES = bytes("Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith",
      "Jones", "Noris");
  private static final byte[][] CITIES = bytes("Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend",
      "Redmond", "Seattle", "Kent", "Cheyenne");
  private static final byte[][] STATES = bytes("AZ", "CA", "ID", "OR", "WA", "WY");
  private static final byte[][] CHANNELS = bytes("Google", "Facebook", "Baidu", "Apple");
  private static final byte[] URL_PREFIX = "https://www.nexmark.com/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] URL_MIDDLE = "/item.htm?query=1&channel_id=".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMAIL_DOMAIN = ".com".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHANNEL_PREFIX = "channel-".getBytes(StandardCharsets.US_ASCII);

  private final long seed;
  private final long baseTime;
  private final double millisPerEvent;

  // The current event, set by at(n).
  private long currentEvent;
  private long eventSeed;
  private long random;
  private Kind kind;
  private long eventTime;
  private final byte[] text = new byte[512];
  private int textLength;

  /**
   * @param seed the random seed; equal seeds give equal streams
   * @param baseTime the event time of event 0, epoch milliseconds
   * @param eventRate events per second of event time
   */
  public NexmarkGenerator(long seed, long baseTime, double eventRate) {
    if (!(eventRate > 0)) {
      throw new IllegalArgumentException("the event rate must be positive, not " + eventRate);
    }
    this.seed = seed;
    this.baseTime = baseTime;
    this.millisPerEvent = 1000.0 / eventRate;
  }

  /** The kind of event {@code n}. */
  public static Kind kindOf(long n) {
    long offset = n % PROPORTION_DENOMINATOR;
    return offset < PERSONS_PER_BLOCK ? Kind.PERSON
        : offset < PERSONS_PER_BLOCK + AUCTIONS_PER_BLOCK ? Kind.AUCTION : Kind.BID;
  }

  /** The first event at or after {@code n} of kind {@code kind}: each kind has fixed places in every block of 50. */
  public static long nextOfKind(long n, Kind kind) {
    long offset = n % PROPORTION_DENOMINATOR;
    long first = switch (kind) {
      case PERSON -> 0;
      case AUCTION -> PERSONS_PER_BLOCK;
      case BID -> PERSONS_PER_BLOCK + AUCTIONS_PER_BLOCK;
    };
    long end = switch (kind) {
      case PERSON -> PERSONS_PER_BLOCK;
      case AUCTION -> PERSONS_PER_BLOCK + AUCTIONS_PER_BLOCK;
      case BID -> PROPORTION_DENOMINATOR;
    };
    if (offset < first) {
      return n - offset + first;
    }
    return offset < end ? n : n - offset + PROPORTION_DENOMINATOR + first;
  }

  /** Moves to event {@code n}; the field methods then describe it. */
  public Kind at(long n) {
    eventSeed = mix(seed * GOLDEN_GAMMA + n);
    kind = kindOf(n);
    eventTime = baseTime + (long) (n * millisPerEvent);
    currentEvent = n;
    return kind;
  }

  public long eventTime() {
    return eventTime;
  }

  /** The id of the newest person at or before the current event. */
  private long lastPersonId() {
    return FIRST_ID + currentEvent / PROPORTION_DENOMINATOR;
  }

  /** The id of the newest auction at or before the current event (the current one for an auction). */
  private long lastAuctionId() {
    long block = currentEvent / PROPORTION_DENOMINATOR;
    long offset = currentEvent % PROPORTION_DENOMINATOR;
    long inBlock = Math.min(Math.max(offset - PERSONS_PER_BLOCK + 1, 0), AUCTIONS_PER_BLOCK);
    return FIRST_ID + block * AUCTIONS_PER_BLOCK + inBlock - 1;
  }

  // ---- person ----

  public long personId() {
    return lastPersonId();
  }

  /** Writes the person's name into {@link #text()}; returns its length. */
  public int personName() {
    field(1);
    textLength = 0;
    append(FIRST_NAMES[nextInt(FIRST_NAMES.length)]);
    text[textLength++] = ' ';
    append(LAST_NAMES[nextInt(LAST_NAMES.length)]);
    return textLength;
  }

  public int personEmail() {
    field(2);
    textLength = 0;
    appendLetters(5 + nextInt(6));
    text[textLength++] = '@';
    appendLetters(4 + nextInt(4));
    append(EMAIL_DOMAIN);
    return textLength;
  }

  public int personCreditCard() {
    field(3);
    textLength = 0;
    for (int group = 0; group < 4; group++) {
      if (group > 0) {
        text[textLength++] = ' ';
      }
      for (int i = 0; i < 4; i++) {
        text[textLength++] = (byte) ('0' + nextInt(10));
      }
    }
    return textLength;
  }

  public int personCity() {
    field(4);
    textLength = 0;
    append(CITIES[nextInt(CITIES.length)]);
    return textLength;
  }

  public int personState() {
    field(5);
    textLength = 0;
    append(STATES[nextInt(STATES.length)]);
    return textLength;
  }

  // ---- auction ----

  public long auctionId() {
    return lastAuctionId();
  }

  public int auctionItemName() {
    field(6);
    textLength = 0;
    appendLetters(5 + nextInt(16));
    return textLength;
  }

  public int auctionDescription() {
    field(7);
    textLength = 0;
    appendLetters(20 + nextInt(80));
    return textLength;
  }

  public long auctionInitialBid() {
    field(8);
    return price();
  }

  /** The reserve: the initial bid plus a second price. */
  public long auctionReserve() {
    long initialBid = auctionInitialBid();
    return initialBid + price();
  }

  /** The expiry: between 1 and 20 seconds of event time after the auction. */
  public long auctionExpires() {
    field(9);
    return eventTime + 1000 + nextInt(19_000);
  }

  public long auctionSeller() {
    field(10);
    return recentPerson();
  }

  public long auctionCategory() {
    field(11);
    return 10 + nextInt(5);
  }

  // ---- bid ----

  /** The auction bid on: one in {@code HOT_RATIO} bids goes to a hot auction (a multiple of 100). */
  public long bidAuction() {
    field(12);
    long last = lastAuctionId();
    if (nextInt(HOT_RATIO) > 0) {
      long hot = (last / HOT_GROUP) * HOT_GROUP;
      return hot < FIRST_ID ? last : hot;
    }
    return Math.max(FIRST_ID, last - nextInt(ACTIVE_AUCTIONS)) + nextInt(10);
  }

  public long bidBidder() {
    field(13);
    long last = lastPersonId();
    if (nextInt(HOT_RATIO) > 0) {
      long hot = (last / HOT_GROUP) * HOT_GROUP + 1;
      return hot < FIRST_ID || hot > last ? last : hot;
    }
    return recentPerson();
  }

  public long bidPrice() {
    field(14);
    return price();
  }

  public int bidChannel() {
    field(15);
    textLength = 0;
    int pick = nextInt(10);
    if (pick < CHANNELS.length) {
      append(CHANNELS[pick]);
    } else {
      append(CHANNEL_PREFIX);
      appendNumber(nextInt(10_000));
    }
    return textLength;
  }

  public int bidUrl() {
    field(16);
    textLength = 0;
    append(URL_PREFIX);
    appendLetters(5);
    append(URL_MIDDLE);
    appendNumber(nextInt(10_000));
    return textLength;
  }

  /** The {@code extra} column: empty, as in the reference data. */
  public int extra() {
    textLength = 0;
    return 0;
  }

  /** The bytes of the last text field written; valid until the next text field. */
  public byte[] text() {
    return text;
  }

  // ---- helpers ----

  /**
   * Starts field {@code index}'s own random stream for the current event, so a field's value
   * does not depend on which other fields were generated.
   */
  private void field(int index) {
    random = eventSeed + index * 0x632be59bd9b4e019L;
  }

  private long recentPerson() {
    long last = lastPersonId();
    return Math.max(FIRST_ID, last - nextInt(ACTIVE_PEOPLE)) + nextInt(10);
  }

  /** A price in cents: log-uniform between 1 and 10^6 dollars, as bids cluster at low values. */
  private long price() {
    return Math.round(Math.pow(10.0, nextDouble() * 6.0) * 100.0);
  }

  private void append(byte[] bytes) {
    System.arraycopy(bytes, 0, text, textLength, bytes.length);
    textLength += bytes.length;
  }

  private void appendLetters(int count) {
    for (int i = 0; i < count; i++) {
      text[textLength++] = (byte) ('a' + nextInt(26));
    }
  }

  private void appendNumber(int value) {
    int digits = value == 0 ? 1 : (int) Math.log10(value) + 1;
    for (int i = digits - 1; i >= 0; i--) {
      text[textLength + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    textLength += digits;
  }

  private int nextInt(int bound) {
    return (int) ((nextLong() >>> 33) % bound);
  }

  private double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  private long nextLong() {
    random += GOLDEN_GAMMA;
    return mix(random);
  }

  /** The SplitMix64 finaliser: a bijective scramble of 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static byte[][] bytes(String... values) {
    byte[][] result = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i].getBytes(StandardCharsets.US_ASCII);
    }
    return result;
  }
}
