package io.sluice.runtime.connector;

import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliVector;

/**
 * The {@code nexmark} connector: the Nexmark auction stream ({@link NexmarkGenerator}) as
 * one of its three tables, {@code 'nexmark.table'} = {@code person}, {@code auction} or
 * {@code bid}; {@code 'nexmark.events'} bounds the stream (counted over all three kinds),
 * {@code 'nexmark.event-rate'} is the virtual event-time rate (events per second),
 * {@code 'nexmark.seed'} and {@code 'nexmark.base-time'} fix the values. Columns are
 * matched by name to the standard Nexmark columns; the stream splits into blocks of events
 * dealt round-robin to parallel readers.
 */
public final class NexmarkConnector implements ConnectorFactory {
  /** Events per block handed to one split: whole person/auction/bid periods. */
  static final int BLOCK_EVENTS = NexmarkGenerator.PROPORTION_DENOMINATOR * 80;

  /** The standard columns of each table, in Nexmark's order, with their types. */
  static final Map<String, List<String>> COLUMNS = Map.of(
      "person", List.of("id", "name", "email_address", "credit_card", "city", "state", "date_time", "extra"),
      "auction", List.of("id", "item_name", "description", "initial_bid", "reserve", "date_time", "expires", "seller",
          "category", "extra"),
      "bid", List.of("auction", "bidder", "price", "channel", "url", "date_time", "extra"));

  private final CalcProvider calcs;

  public NexmarkConnector(CalcProvider calcs) {
    this.calcs = calcs;
  }

  @Override
  public String name() {
    return "nexmark";
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan) {
    return createReader(scan, 0, 1);
  }

  @Override
  public boolean supportsSplits(TableSpec table) {
    return true;
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan, int split, int splits) {
    return new NexmarkReader(new ScanOutput(scan, calcs), split, splits);
  }

  @Override
  public StreamOperator createSink(TableSpec table) {
    throw new IllegalArgumentException("Table '" + table.name() + "': the nexmark connector can only be read");
  }

  /** The table's kind from {@code 'nexmark.table'}, checked. */
  static NexmarkGenerator.Kind kindOf(TableSpec table) {
    String value = table.option("nexmark.table", "");
    return switch (value) {
      case "person" -> NexmarkGenerator.Kind.PERSON;
      case "auction" -> NexmarkGenerator.Kind.AUCTION;
      case "bid" -> NexmarkGenerator.Kind.BID;
      default -> throw new IllegalArgumentException("Table '" + table.name()
          + "': the nexmark connector needs 'nexmark.table' = 'person', 'auction' or 'bid'"
          + (value.isEmpty() ? "" : ", not '" + value + "'"));
    };
  }

  /** Reads one split of one Nexmark table. */
  static final class NexmarkReader implements SourceReader {
    private final ScanOutput output;
    private final TableSpec table;
    private final NexmarkGenerator.Kind kind;
    private final long totalEvents;
    private final int split;
    private final int splits;
    private final int batchSize;
    private final NexmarkGenerator generator;
    /** Per decoded column: its index in the standard column list of the table. */
    private int[] fields;
    private FieldVector[] vectors;
    /** The next event number this split will look at. */
    private long next;

    NexmarkReader(ScanOutput output, int split, int splits) {
      this.output = output;
      this.table = output.table();
      this.kind = kindOf(table);
      this.totalEvents = DatagenConnector.longOption(table, "nexmark.events", Long.MAX_VALUE);
      this.split = split;
      this.splits = splits;
      this.batchSize = (int) DatagenConnector.longOption(table, "batch.size", 4096);
      double rate = Double.parseDouble(table.option("nexmark.event-rate", "10000"));
      long baseTime = baseTime(table);
      this.generator = new NexmarkGenerator(DatagenConnector.longOption(table, "nexmark.seed", 0), baseTime, rate);
      this.next = (long) split * BLOCK_EVENTS;
      List<String> known = COLUMNS.get(table.option("nexmark.table", ""));
      int[] decoded = output.decodeColumns();
      fields = new int[decoded.length];
      for (int i = 0; i < decoded.length; i++) {
        Field field = table.schema().field(decoded[i]);
        int index = known.indexOf(field.name());
        if (index < 0) {
          throw new IllegalArgumentException("Table '" + table.name() + "': column '" + field.name()
              + "' is not a Nexmark " + table.option("nexmark.table", "") + " column; known columns: "
              + String.join(", ", known));
        }
        checkType(field, known.get(index));
        fields[i] = index;
      }
    }

    /** {@code 'nexmark.base-time'}: the event time of event 0 as {@code yyyy-MM-dd HH:mm:ss}, by default 2024-01-01. */
    private static long baseTime(TableSpec table) {
      String value = table.option("nexmark.base-time", "2024-01-01 00:00:00");
      try {
        return java.time.LocalDateTime.parse(value.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("Table '" + table.name()
            + "': option 'nexmark.base-time' must look like 2024-01-01 00:00:00, not '" + value + "'", e);
      }
    }

    private void checkType(Field field, String name) {
      TypeKind expected = switch (name) {
        case "date_time", "expires" -> TypeKind.TIMESTAMP;
        case "id", "auction", "bidder", "price", "initial_bid", "reserve", "seller", "category" -> TypeKind.BIGINT;
        default -> TypeKind.VARCHAR;
      };
      if (field.type().kind() != expected) {
        throw new IllegalArgumentException("Table '" + table.name() + "': Nexmark column '" + name + "' must be "
            + expected + ", not " + field.type().sql());
      }
    }

    @Override
    public void open(OperatorContext context) {
      output.open(context);
      vectors = output.decoded().getFieldVectors().toArray(new FieldVector[0]);
    }

    @Override
    public Status poll(Collector out) {
      if (next >= totalEvents) {
        output.end(out);
        return Status.END;
      }
      output.beginBatch();
      int rows = 0;
      while (rows < batchSize && next < totalEvents) {
        // Jump to this table's next event instead of stepping over the other kinds (46 bids in 50 events).
        long event = NexmarkGenerator.nextOfKind(next, kind);
        long blockEnd = next - next % BLOCK_EVENTS + BLOCK_EVENTS;
        if (event >= blockEnd) {
          // Skip the blocks of the other splits.
          next = blockEnd + (long) (splits - 1) * BLOCK_EVENTS;
          continue;
        }
        if (event >= totalEvents) {
          next = totalEvents;
          break;
        }
        generator.at(event);
        writeRow(rows++);
        next = event + 1;
        if (next % BLOCK_EVENTS == 0) {
          next += (long) (splits - 1) * BLOCK_EVENTS;
        }
      }
      if (rows > 0) {
        output.emit(rows, out);
      }
      return Status.MORE;
    }

    @Override
    public boolean supportsCheckpoints() {
      return true;
    }

    /** The next event index and the watermark: each event is a function of its index. */
    @Override
    public void snapshot(StateWriter state) {
      state.writeLong(next);
      state.writeLong(output.watermark());
    }

    @Override
    public void restore(StateReader state) {
      next = state.readLong();
      output.restoreWatermark(state.readLong());
    }

    private void writeRow(int row) {
      for (int c = 0; c < fields.length; c++) {
        FieldVector vector = vectors[c];
        switch (kind) {
          case PERSON -> writePerson(fields[c], vector, row);
          case AUCTION -> writeAuction(fields[c], vector, row);
          case BID -> writeBid(fields[c], vector, row);
        }
      }
    }

    private void writePerson(int field, FieldVector vector, int row) {
      switch (field) {
        case 0 -> setLong(vector, row, generator.personId());
        case 1 -> setText(vector, row, generator.personName());
        case 2 -> setText(vector, row, generator.personEmail());
        case 3 -> setText(vector, row, generator.personCreditCard());
        case 4 -> setText(vector, row, generator.personCity());
        case 5 -> setText(vector, row, generator.personState());
        case 6 -> setLong(vector, row, generator.eventTime());
        default -> setText(vector, row, generator.extra());
      }
    }

    private void writeAuction(int field, FieldVector vector, int row) {
      switch (field) {
        case 0 -> setLong(vector, row, generator.auctionId());
        case 1 -> setText(vector, row, generator.auctionItemName());
        case 2 -> setText(vector, row, generator.auctionDescription());
        case 3 -> setLong(vector, row, generator.auctionInitialBid());
        case 4 -> setLong(vector, row, generator.auctionReserve());
        case 5 -> setLong(vector, row, generator.eventTime());
        case 6 -> setLong(vector, row, generator.auctionExpires());
        case 7 -> setLong(vector, row, generator.auctionSeller());
        case 8 -> setLong(vector, row, generator.auctionCategory());
        default -> setText(vector, row, generator.extra());
      }
    }

    private void writeBid(int field, FieldVector vector, int row) {
      switch (field) {
        case 0 -> setLong(vector, row, generator.bidAuction());
        case 1 -> setLong(vector, row, generator.bidBidder());
        case 2 -> setLong(vector, row, generator.bidPrice());
        case 3 -> setText(vector, row, generator.bidChannel());
        case 4 -> setText(vector, row, generator.bidUrl());
        case 5 -> setLong(vector, row, generator.eventTime());
        default -> setText(vector, row, generator.extra());
      }
    }

    private static void setLong(FieldVector vector, int row, long value) {
      if (vector instanceof BigIntVector bigint) {
        bigint.setSafe(row, value);
      } else {
        ((TimeStampMilliVector) vector).setSafe(row, value);
      }
    }

    private void setText(FieldVector vector, int row, int length) {
      ((BaseVariableWidthVector) vector).setSafe(row, generator.text(), 0, length);
    }

    @Override
    public void close() {
      output.close();
    }
  }
}
