package io.sluice.runtime.checkpoint;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 *
 * <p>Shared blobs ({@link StateWriter#addBlob}) live once in {@code shared/<id>}, written
 * before the first checkpoint that carries them; every checkpoint referring to a blob lists
 * its size and CRC32 in its manifest, so a missing or damaged blob makes each such checkpoint
 * incomplete. A blob is deleted once no retained checkpoint refers to it. Since checkpoints
 * are written in order on one thread and a failed write stops all later ones (and fails the
 * job), a checkpoint only refers to blobs that are on disk.
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

  static final int VERSION = 3;
  static final String MANIFEST = "_manifest.yaml";
  static final String STATE = "state.bin";
  static final String SHARED = "shared";
  /** Manifest key prefix of a blob the checkpoint refers to; the value is its size and CRC32. */
  private static final String BLOB_KEY = "blob-";
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
  /** The alignment of writes around the page cache: a common file system block size. */
  private static final int BLOCK = 4096;
  /** The writer thread's block-aligned buffer between snapshot content and the files (see {@link ChecksummedFile}). */
  private final ByteBuffer staging = ByteBuffer.allocateDirect((1 << 20) + BLOCK).alignedSlice(BLOCK);
  /** Whether files are written around the page cache; off once the file system refused it. */
  private boolean directWrites = true;
  /** The blobs on disk that checkpoints may refer to: written by this store, or verified on restore. */
  private final Map<String, BlobFile> blobs = new java.util.concurrent.ConcurrentHashMap<>();

  /** A shared blob's size and CRC32, as recorded in the manifests referring to it. */
  private record BlobFile(long bytes, long crc) {
    String describe() {
      return bytes + " " + Long.toHexString(crc);
    }
  }

  /** Whether a job with these session options checkpoints (sinks then write in epochs). */
  public static boolean enabled(Map<String, String> options) {
    return !options.getOrDefault(DIR_OPTION, "").isBlank()
        || !options.getOrDefault(TEST_RESTART_EVERY_OPTION, "").isBlank();
  }

  /**
   * A checkpoint read back: its id, the snapshot of every named operator and source, and the
   * shared blobs they refer to, by entry name ({@link StateWriter#BLOB_PREFIX} and the id):
   * their files mapped read-only into memory, so that a large state is not copied onto the heap
   * first (a {@link StateReader} reads them where they lie).
   */
  public record Restored(long id, Map<String, byte[]> entries, Map<String, ByteBuffer> blobs) {
    /** The size of the checkpoint's state in bytes: its entries and blobs. */
    public long bytes() {
      long bytes = 0;
      for (byte[] entry : entries.values()) {
        bytes += entry.length;
      }
      for (ByteBuffer blob : blobs.values()) {
        bytes += blob.capacity();
      }
      return bytes;
    }
  }

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
      if (!String.valueOf(VERSION).equals(manifest.get("version"))) {
        throw new IllegalStateException("Checkpoint " + candidate + " has format version " + manifest.get("version")
            + "; this build reads version " + VERSION + ". Restore it with the Sluice version that wrote it, or point"
            + " 'checkpoint.dir' at a new directory to start afresh.");
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
      Map<String, byte[]> entries = decode(state, candidate);
      Map<String, ByteBuffer> contents = new LinkedHashMap<>();
      Map<String, BlobFile> referred = new LinkedHashMap<>();
      problem = readBlobs(manifest, contents, referred);
      if (problem != null) {
        System.err.println("Skipping corrupt checkpoint " + candidate + ": " + problem);
        continue;
      }
      blobs.putAll(referred);
      long id = Long.parseLong(manifest.get("id"));
      completed = id;
      return new Restored(id, entries, contents);
    }
    return null;
  }

  /**
   * Maps every blob the manifest lists into {@code contents} (under {@link StateWriter#BLOB_PREFIX})
   * and {@code referred}; returns what is wrong when one is missing or does not match its size or checksum.
   * The blobs are checked in parallel, one per core at a time (a large state is mostly blobs);
   * the problem reported is that of the first bad blob in manifest order, as a sequential read would find.
   */
  private String readBlobs(Map<String, String> manifest, Map<String, ByteBuffer> contents,
      Map<String, BlobFile> referred) {
    List<Map.Entry<String, String>> lines = new ArrayList<>();
    for (Map.Entry<String, String> line : manifest.entrySet()) {
      if (line.getKey().startsWith(BLOB_KEY)) {
        lines.add(line);
      }
    }
    if (lines.isEmpty()) {
      return null;
    }
    int threads = Math.min(lines.size(), Runtime.getRuntime().availableProcessors());
    ExecutorService readers = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "sluice-checkpoint-reader");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<BlobRead>> reads = new ArrayList<>();
      for (Map.Entry<String, String> line : lines) {
        reads.add(readers.submit(() -> readBlob(line.getKey().substring(BLOB_KEY.length()), line.getValue())));
      }
      for (Future<BlobRead> read : reads) {
        BlobRead blob = read.get();
        if (blob.problem() != null) {
          return blob.problem();
        }
        contents.put(StateWriter.BLOB_PREFIX + blob.id(), blob.content());
        referred.put(blob.id(), new BlobFile(blob.content().capacity(), blob.crc()));
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading checkpoint blobs from " + directory, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Reading a checkpoint blob from " + directory + " failed: "
          + e.getCause().getMessage(), e.getCause());
    } finally {
      // After a bad blob the others need not be read: the checkpoint is skipped anyway.
      readers.shutdownNow();
    }
  }

  /** A shared blob mapped and checked: its content and CRC32, or what is wrong with it. */
  private record BlobRead(String id, ByteBuffer content, long crc, String problem) {}

  /** Maps shared blob {@code id} read-only and checks it against its manifest line, {@code "<size> <crc32>"}. */
  private BlobRead readBlob(String id, String sizeAndCrcLine) {
    String[] sizeAndCrc = sizeAndCrcLine.split(" ");
    Path file = directory.resolve(SHARED).resolve(id);
    ByteBuffer content;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (sizeAndCrc.length != 2 || !String.valueOf(size).equals(sizeAndCrc[0])) {
        return new BlobRead(id, null, 0,
            "shared blob " + file + " has " + size + " bytes, the manifest says " + sizeAndCrcLine);
      }
      // Blobs are written once and never changed, so the mapping stays valid (even once pruned).
      content = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (IOException e) {
      return new BlobRead(id, null, 0, "shared blob " + file + " cannot be read (" + e + ")");
    }
    CRC32 crc = new CRC32();
    crc.update(content.duplicate());
    if (!Long.toHexString(crc.getValue()).equals(sizeAndCrc[1])) {
      return new BlobRead(id, null, 0, "shared blob " + file + " does not match its CRC32 checksum");
    }
    return new BlobRead(id, content, crc.getValue(), null);
  }

  /** Writes checkpoint {@code id} on the background thread; {@link #completedId} reports when it is durable. */
  public void writeAsync(long id, Map<String, ? extends StateBytes> entries) {
    writeAsync(id, entries, 0);
  }

  /**
   * Writes checkpoint {@code id} on the background thread, recording in its manifest how long
   * the synchronous snapshot took ({@code snapshotMillis}) and how long the write took.
   */
  public void writeAsync(long id, Map<String, ? extends StateBytes> entries, long snapshotMillis) {
    writeAsync(id, entries, snapshotMillis, Map.of());
  }

  /**
   * Writes checkpoint {@code id} as {@link #writeAsync(long, Map, long)} does, recording also
   * {@code figures} (further measurements, such as each pipeline's snapshot time) in its manifest.
   */
  public void writeAsync(long id, Map<String, ? extends StateBytes> entries, long snapshotMillis,
      Map<String, String> figures) {
    try {
      rethrowFailure();
    } catch (IllegalStateException e) {
      entries.values().forEach(StateBytes::discard);
      throw e;
    }
    writer.execute(() -> {
      try {
        if (failure != null) {
          // A later checkpoint may refer to blobs the failed one should have written.
          return;
        }
        long start = System.nanoTime();
        lastBytes = write(id, entries, snapshotMillis, figures, start);
        lastWriteNanos = System.nanoTime() - start;
        completed = id;
        prune();
      } catch (Throwable t) {
        failure = t;
      } finally {
        // Content not written (a failure) still shares operator state: release it.
        entries.values().forEach(StateBytes::discard);
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

  private long write(long id, Map<String, ? extends StateBytes> all, long snapshotMillis, Map<String, String> figures,
      long start) throws IOException {
    Path target = directory.resolve(String.format("chk-%010d", id));
    Map<String, StateBytes> entries = new LinkedHashMap<>();
    StringBuilder blobLines = new StringBuilder();
    long newBlobBytes = 0;
    long blobBytes = 0;
    for (Map.Entry<String, ? extends StateBytes> entry : all.entrySet()) {
      if (!entry.getKey().startsWith(StateWriter.BLOB_PREFIX)) {
        entries.put(entry.getKey(), entry.getValue());
        continue;
      }
      String blob = entry.getKey().substring(StateWriter.BLOB_PREFIX.length());
      BlobFile file;
      if (entry.getValue() == StateWriter.EARLIER_BLOB) {
        file = blobs.get(blob);
        if (file == null) {
          throw new IllegalStateException("Checkpoint " + id + " refers to shared state blob " + blob
              + ", which no durable checkpoint holds");
        }
      } else {
        file = writeBlob(blob, entry.getValue());
        blobs.put(blob, file);
        newBlobBytes += file.bytes();
      }
      blobBytes += file.bytes();
      blobLines.append(BLOB_KEY).append(blob).append(": ").append(file.describe()).append('\n');
    }
    Files.createDirectories(target);
    long size;
    long crc;
    Path state = target.resolve(STATE);
    try (ChecksummedFile out = new ChecksummedFile(state)) {
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      DataOutputStream headerOut = new DataOutputStream(header);
      headerOut.writeInt(MAGIC);
      headerOut.writeInt(VERSION);
      headerOut.writeInt(entries.size());
      out.write(ByteBuffer.wrap(header.toByteArray()));
      header.reset();
      for (Map.Entry<String, StateBytes> entry : entries.entrySet()) {
        long length = entry.getValue().size();
        if (length > Integer.MAX_VALUE) {
          throw new IllegalStateException("The snapshot of " + entry.getKey() + " takes " + length
              + " bytes; a snapshot entry is limited to 2 GiB");
        }
        headerOut.writeUTF(entry.getKey());
        headerOut.writeInt((int) length);
        out.write(ByteBuffer.wrap(header.toByteArray()));
        header.reset();
        entry.getValue().writeTo(out);
      }
      out.finish();
      size = out.bytes();
      crc = out.crc();
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
        + "state-crc32: " + Long.toHexString(crc) + "\n"
        + "new-blob-bytes: " + newBlobBytes + "\n"
        + "total-bytes: " + (size + blobBytes) + "\n"
        + "snapshot-millis: " + snapshotMillis + "\n"
        + more
        + "write-millis: " + (System.nanoTime() - start) / 1_000_000 + "\n"
        + blobLines;
    Path temporary = target.resolve(MANIFEST + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(manifest.getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(temporary, target.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
    return size + newBlobBytes;
  }

  /** Writes a new blob under its id (renamed into place once synced) and returns its size and checksum. */
  private BlobFile writeBlob(String id, StateBytes content) throws IOException {
    Path shared = Files.createDirectories(directory.resolve(SHARED));
    Path temporary = shared.resolve(id + ".tmp");
    BlobFile file;
    try (ChecksummedFile out = new ChecksummedFile(temporary)) {
      content.writeTo(out);
      out.finish();
      file = new BlobFile(out.bytes(), out.crc());
    }
    Files.move(temporary, shared.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /**
   * A file being written through the writer thread's aligned buffer, checksumming exactly the
   * bytes that reach the file: content that shares memory with a running operator may have bits
   * beyond its rows change meanwhile (the validity byte of the next row), so the copy is what
   * both the checksum and the file see. Full blocks go around the page cache (O_DIRECT) where the
   * file system allows it: on this machine kind, writing a gigabyte through the page cache and
   * syncing it costs seconds of kernel CPU time, directly a tenth of that.
   */
  private final class ChecksummedFile implements WritableByteChannel, AutoCloseable {
    private final FileChannel file;
    private final boolean direct;
    private final CRC32 crc = new CRC32();
    private long bytes;

    ChecksummedFile(Path path) throws IOException {
      FileChannel opened = null;
      if (directWrites) {
        try {
          opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
          // Not on this file system (tmpfs, some network file systems): write through the page cache.
          directWrites = false;
        }
      }
      this.direct = opened != null;
      this.file = opened != null ? opened : FileChannel.open(path, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      staging.clear();
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      int length = source.remaining();
      while (source.hasRemaining()) {
        int chunk = Math.min(staging.remaining(), source.remaining());
        staging.put(staging.position(), source, source.position(), chunk);
        staging.position(staging.position() + chunk);
        source.position(source.position() + chunk);
        if (!staging.hasRemaining()) {
          flush(staging.position());
        }
      }
      bytes += length;
      return length;
    }

    /** Checksums and writes the first {@code content} staged bytes, padded to whole blocks when direct. */
    private void flush(int content) throws IOException {
      staging.flip();
      crc.update(staging.duplicate());
      if (direct && content % BLOCK != 0) {
        int padded = (content / BLOCK + 1) * BLOCK;
        staging.limit(padded);
        for (int i = content; i < padded; i++) {
          staging.put(i, (byte) 0);
        }
      }
      while (staging.hasRemaining()) {
        file.write(staging);
      }
      staging.clear();
    }

    /** Writes what is staged, cuts the padding off and makes the file durable. */
    void finish() throws IOException {
      if (staging.position() > 0) {
        flush(staging.position());
      }
      if (direct) {
        file.truncate(bytes);
      }
      file.force(true);
    }

    long bytes() {
      return bytes;
    }

    long crc() {
      return crc.getValue();
    }

    @Override
    public boolean isOpen() {
      return file.isOpen();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  /**
   * Keeps the newest few complete checkpoints (an older one is the fallback when the newest is
   * damaged) and the blobs they refer to.
   */
  private void prune() throws IOException {
    List<Path> all = checkpointDirectories();
    for (int i = RETAINED; i < all.size(); i++) {
      try (Stream<Path> files = Files.walk(all.get(i))) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
    Path shared = directory.resolve(SHARED);
    if (!Files.isDirectory(shared)) {
      return;
    }
    java.util.Set<String> referred = new java.util.HashSet<>();
    for (Path retained : all.subList(0, Math.min(RETAINED, all.size()))) {
      Path manifest = retained.resolve(MANIFEST);
      if (Files.exists(manifest)) {
        for (String key : readManifest(manifest).keySet()) {
          if (key.startsWith(BLOB_KEY)) {
            referred.add(key.substring(BLOB_KEY.length()));
          }
        }
      }
    }
    try (Stream<Path> files = Files.list(shared)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!referred.contains(name)) {
          blobs.remove(name);
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
