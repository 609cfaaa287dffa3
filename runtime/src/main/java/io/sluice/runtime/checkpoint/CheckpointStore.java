package io.sluice.runtime.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The checkpoints of one job under {@code 'checkpoint.dir'}: one directory {@code chk-<id>}
 * per checkpoint holding {@code state.bin} (every operator's and source's snapshot, named)
 * and {@code _manifest.yaml} (format version, plan fingerprint, parallelism, size and CRC32 of
 * the state file). The manifest is written last and renamed into place atomically, so a directory
 * without a valid manifest, or whose state file does not match it, is an incomplete
 * checkpoint and is skipped on restore. Writes run on one background thread.
 */
public final class CheckpointStore implements AutoCloseable {
  /** Session option: the directory holding the job's checkpoints; checkpointing is on when it is set. */
  public static final String DIR_OPTION = "checkpoint.dir";

  /** Session option: how often to checkpoint, such as {@code '1 s'} or {@code '500 ms'}. */
  public static final String INTERVAL_OPTION = "checkpoint.interval";

  /**
   * Test-only session option: after every N-th checkpoint is durable, the job replaces its
   * sources and operators by fresh ones restored from it (read back from disk), as a restart
   * would. Without {@value #DIR_OPTION} the job then checkpoints into a temporary directory
   * that is deleted when it ends. The golden tests run every streaming script so.
   */
  public static final String TEST_RESTART_EVERY_OPTION = "checkpoint.test.restart-every";

  static final int VERSION = 1;
  static final String MANIFEST = "_manifest.yaml";
  static final String STATE = "state.bin";
  private static final int MAGIC = 0x534c434b; // "SLCK"
  private static final int RETAINED = 3;

  private final Path directory;
  private final String fingerprint;
  /** The job's parallelism: the pipelines a checkpoint's entries belong to depend on it. */
  private final int parallelism;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sluice-checkpoint-writer");
    thread.setDaemon(true);
    return thread;
  });
  private volatile long completed = -1;
  private volatile long lastBytes;
  private volatile long lastWriteNanos;
  private volatile Throwable failure;

  /** Whether a job with these session options checkpoints (sinks then write in epochs). */
  public static boolean enabled(Map<String, String> options) {
    return !options.getOrDefault(DIR_OPTION, "").isBlank()
        || !options.getOrDefault(TEST_RESTART_EVERY_OPTION, "").isBlank();
  }

  /** A checkpoint read back: its id and the snapshot of every named operator and source. */
  public record Restored(long id, Map<String, byte[]> entries) {}

  public CheckpointStore(Path directory, String fingerprint) {
    this(directory, fingerprint, 1);
  }

  /** A store for a job running at {@code parallelism}; a checkpoint taken at another one is refused. */
  public CheckpointStore(Path directory, String fingerprint, int parallelism) {
    this.directory = directory;
    this.fingerprint = fingerprint;
    this.parallelism = parallelism;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create checkpoint directory " + directory, e);
    }
  }

  /**
   * The newest complete checkpoint, or null when there is none. Incomplete or corrupt ones
   * (no manifest, wrong size or checksum) are reported on stderr and skipped; a complete one
   * taken for a different query is refused.
   */
  public Restored latest() {
    for (Path candidate : checkpointDirectories()) {
      Map<String, String> manifest;
      byte[] state;
      try {
        manifest = readManifest(candidate.resolve(MANIFEST));
        state = Files.readAllBytes(candidate.resolve(STATE));
      } catch (IOException | RuntimeException e) {
        System.err.println("Skipping incomplete checkpoint " + candidate + ": " + e.getMessage());
        continue;
      }
      String problem = verify(manifest, state);
      if (problem != null) {
        System.err.println("Skipping corrupt checkpoint " + candidate + ": " + problem);
        continue;
      }
      if (!fingerprint.equals(manifest.get("fingerprint"))) {
        throw new IllegalStateException("Checkpoint " + candidate + " was taken for a different query (plan or schema"
            + " changed): its plan fingerprint is " + manifest.get("fingerprint") + ", this query's is " + fingerprint
            + ". Restore it with the original query, or point 'checkpoint.dir' at a new directory to start afresh.");
      }
      // Checkpoints from before parallel checkpoints were all taken by one pipeline.
      String taken = manifest.getOrDefault("parallelism", "1");
      if (!String.valueOf(parallelism).equals(taken)) {
        throw new IllegalStateException("Checkpoint " + candidate + " was taken at 'parallelism' = " + taken
            + ", but this job runs at 'parallelism' = " + parallelism + ": its state is split among " + taken
            + " instances per parallel operator. Run the job with SET 'parallelism' = '" + taken + "' to restore it,"
            + " or point 'checkpoint.dir' at a new directory to start afresh.");
      }
      long id = Long.parseLong(manifest.get("id"));
      completed = id;
      return new Restored(id, decode(state, candidate));
    }
    return null;
  }

  /** Writes checkpoint {@code id} on the background thread; {@link #completedId} reports when it is durable. */
  public void writeAsync(long id, Map<String, byte[]> entries) {
    writeAsync(id, entries, 0);
  }

  /**
   * Writes checkpoint {@code id} on the background thread, recording in its manifest how long
   * the synchronous snapshot took ({@code snapshotMillis}) and how long the write took.
   */
  public void writeAsync(long id, Map<String, byte[]> entries, long snapshotMillis) {
    writeAsync(id, entries, snapshotMillis, Map.of());
  }

  /**
   * Writes checkpoint {@code id} as {@link #writeAsync(long, Map, long)} does, recording also
   * {@code figures} (further measurements, such as each pipeline's snapshot time) in its manifest.
   */
  public void writeAsync(long id, Map<String, byte[]> entries, long snapshotMillis, Map<String, String> figures) {
    rethrowFailure();
    writer.execute(() -> {
      try {
        long start = System.nanoTime();
        lastBytes = write(id, entries, snapshotMillis, figures, start);
        lastWriteNanos = System.nanoTime() - start;
        completed = id;
        prune();
      } catch (Throwable t) {
        failure = t;
      }
    });
  }

  /** The id of the newest durable checkpoint, or -1. */
  public long completedId() {
    rethrowFailure();
    return completed;
  }

  /** Waits until every checkpoint handed to {@link #writeAsync} so far is durable (or its write failed). */
  public void awaitWrites() {
    try {
      writer.submit(() -> {}).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a checkpoint write", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    rethrowFailure();
  }

  /** The size in bytes of the last checkpoint written. */
  public long lastBytes() {
    return lastBytes;
  }

  /** How long the background writer took for the last checkpoint, in nanoseconds. */
  public long lastWriteNanos() {
    return lastWriteNanos;
  }

  /** Waits for queued writes to finish, then stops the writer thread. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void rethrowFailure() {
    Throwable t = failure;
    if (t != null) {
      throw new IllegalStateException("Writing a checkpoint to " + directory + " failed: " + t.getMessage(), t);
    }
  }

  private long write(long id, Map<String, byte[]> entries, long snapshotMillis, Map<String, String> figures,
      long start) throws IOException {
    Path target = directory.resolve(String.format("chk-%010d", id));
    Files.createDirectories(target);
    CRC32 crc = new CRC32();
    long size;
    Path state = target.resolve(STATE);
    try (FileChannel channel = FileChannel.open(state, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
            new java.util.zip.CheckedOutputStream(raw, crc), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(entries.size());
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeInt(entry.getValue().length);
        out.write(entry.getValue());
      }
      out.flush();
      channel.force(true);
      size = channel.size();
    }
    StringBuilder more = new StringBuilder();
    figures.forEach((name, value) -> more.append(name).append(": ").append(value).append('\n'));
    String manifest = "format: sluice-checkpoint\n"
        + "version: " + VERSION + "\n"
        + "id: " + id + "\n"
        + "fingerprint: " + fingerprint + "\n"
        + "parallelism: " + parallelism + "\n"
        + "state-file: " + STATE + "\n"
        + "state-bytes: " + size + "\n"
        + "state-crc32: " + Long.toHexString(crc.getValue()) + "\n"
        + "snapshot-millis: " + snapshotMillis + "\n"
        + more
        + "write-millis: " + (System.nanoTime() - start) / 1_000_000 + "\n";
    Path temporary = target.resolve(MANIFEST + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(manifest.getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(temporary, target.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
    return size;
  }

  /** Keeps the newest few complete checkpoints (an older one is the fallback when the newest is damaged). */
  private void prune() throws IOException {
    List<Path> all = checkpointDirectories();
    for (int i = RETAINED; i < all.size(); i++) {
      try (Stream<Path> files = Files.walk(all.get(i))) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** The checkpoint directories, newest first. */
  private List<Path> checkpointDirectories() {
    try (Stream<Path> entries = Files.list(directory)) {
      return new ArrayList<>(entries.filter(p -> p.getFileName().toString().matches("chk-\\d+") && Files.isDirectory(p))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoint directory " + directory, e);
    }
  }

  private static Map<String, String> readManifest(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        values.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return values;
  }

  private static String verify(Map<String, String> manifest, byte[] state) {
    if (!"sluice-checkpoint".equals(manifest.get("format"))) {
      return "not a Sluice checkpoint manifest";
    }
    if (!String.valueOf(VERSION).equals(manifest.get("version"))) {
      return "format version " + manifest.get("version") + " is not supported (this build reads " + VERSION + ")";
    }
    if (!String.valueOf(state.length).equals(manifest.get("state-bytes"))) {
      return STATE + " has " + state.length + " bytes, the manifest says " + manifest.get("state-bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(state);
    if (!Long.toHexString(crc.getValue()).equals(manifest.get("state-crc32"))) {
      return STATE + " does not match its CRC32 checksum";
    }
    return null;
  }

  private static Map<String, byte[]> decode(byte[] state, Path where) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IllegalStateException("Checkpoint " + where + " has an unknown state file format");
      }
      int count = in.readInt();
      Map<String, byte[]> entries = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        entries.put(name, bytes);
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
