package io.sluice.runtime.batch;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A batch of rows in Arrow columns, as it travels between operators.
 *
 * <p>A batch is borrowed: the receiver may read it only during the call that handed it
 * over and must copy (or transfer) what it keeps. The sender owns the vectors, reuses them
 * for its next batch and closes them.
 */
public final class Batch {
  private final VectorSchemaRoot root;
  private final BatchOrigin origin;

  public Batch(VectorSchemaRoot root) {
    this(root, null);
  }

  /** A batch whose rows were read where {@code origin} says (null when unknown), borrowed like the vectors. */
  public Batch(VectorSchemaRoot root, BatchOrigin origin) {
    this.root = requireNonNull(root, "root is null");
    this.origin = origin;
  }

  public VectorSchemaRoot root() {
    return root;
  }

  /**
   * Where the rows were read, for messages about a failing row; null when unknown, as after an
   * exchange, an aggregation or a join, which build new batches.
   */
  public BatchOrigin origin() {
    return origin;
  }

  public int rowCount() {
    return root.getRowCount();
  }

  public int columnCount() {
    return root.getFieldVectors().size();
  }

  public FieldVector column(int index) {
    return root.getVector(index);
  }
}
