package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of a join side's state blobs being restored. Every blob's Arrow root is read before
 * any is copied, so that the side's vectors are allocated once for all of them and each value is
 * copied once: growing them blob by blob would copy the state again at every doubling, and a
 * gigabyte of state takes seconds that way.
 *
 * <p>Each blob starts with its first row and row count, then the root; the readers are left
 * after the root for the rest of the blob. The roots of mapped blob files are their bytes in
 * place ({@link StateReader#readRootToCopy}), only read here.
 */
final class BlobRows implements AutoCloseable {
  private final List<StateReader> readers = new ArrayList<>();
  private final List<VectorSchemaRoot> roots = new ArrayList<>();
  private final List<Integer> counts = new ArrayList<>();
  private int rows;

  private BlobRows() {}

  /**
   * Reads the header and rows of each blob in {@code ids} (in order; each must start where the
   * previous ended) into vectors of {@code allocator}; {@code what} names the state in errors.
   */
  static BlobRows read(StateReader state, List<String> ids, BufferAllocator allocator, String what) {
    BlobRows blobs = new BlobRows();
    try {
      for (String id : ids) {
        StateReader blob = state.blob(id);
        int first = blob.readInt();
        int added = blob.readInt();
        if (first != blobs.rows) {
          throw new IllegalStateException(what + " blob " + id + " starts at row " + first + ", expected "
              + blobs.rows + ": the checkpoint is inconsistent");
        }
        blobs.readers.add(blob);
        blobs.counts.add(added);
        blobs.roots.add(blob.readRootToCopy(allocator));
        blobs.rows = first + added;
      }
      return blobs;
    } catch (RuntimeException e) {
      blobs.close();
      throw e;
    }
  }

  /** The rows of all blobs together. */
  int rows() {
    return rows;
  }

  /** The reader of blob {@code index}, positioned after its rows. */
  StateReader reader(int index) {
    return readers.get(index);
  }

  /** The number of rows blob {@code index} adds. */
  int added(int index) {
    return counts.get(index);
  }

  /**
   * Copies the rows of every blob, in order, into {@code target} (empty, allocated here for all
   * of them), freeing each blob's vectors once copied so that the state is not held twice.
   */
  void copyTo(VectorSchemaRoot target) {
    Vectors.allocateFor(target, roots);
    int at = 0;
    for (int b = 0; b < roots.size(); b++) {
      try (VectorSchemaRoot blob = roots.set(b, null)) {
        int added = counts.get(b);
        for (int c = 0; c < blob.getFieldVectors().size(); c++) {
          Vectors.copyRange(blob.getVector(c), 0, added, target.getVector(c), at);
        }
        at += added;
      }
    }
  }

  @Override
  public void close() {
    for (VectorSchemaRoot root : roots) {
      if (root != null) {
        root.close();
      }
    }
  }
}
