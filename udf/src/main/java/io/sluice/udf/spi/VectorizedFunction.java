package io.sluice.udf.spi;

import org.apache.arrow.vector.FieldVector;

/**
 * An optional batch form of a scalar function with {@code eval} methods: when every argument
 * of a call is a plain column whose type matches an {@code eval} overload exactly, the engine
 * calls {@link #evalBatch} once per batch instead of {@code eval} once per row.
 *
 * <p>The result must equal what {@code eval} gives row by row (the engine still calls
 * {@code eval} where arguments are expressions). The batch method sees every row of the
 * batch, including rows a WHERE clause later drops.
 */
public interface VectorizedFunction {
  /**
   * Computes rows {@code 0..rowCount-1}: {@code arguments} are the argument columns in call
   * order (read, do not modify), {@code output} is an empty vector of the type of the chosen
   * {@code eval} overload's result; write every row with {@code setSafe} or {@code setNull}
   * (they allocate as needed) and finish with {@code output.setValueCount(rowCount)}. The
   * engine releases {@code output}'s memory after the batch.
   *
   * @param overload the index of the chosen {@code eval} method among the class's public
   *     eval methods sorted by signature text (0 when there is only one)
   */
  void evalBatch(int overload, FieldVector[] arguments, int rowCount, FieldVector output);
}
