package io.sluice.udf.spi;

/**
 * The base class of a user aggregate function: one mutable accumulator object per group holds
 * the state, and the engine folds rows into it, merges accumulators, and reads the result.
 *
 * <p>Besides the abstract methods, a subclass declares one or more public
 * {@code accumulate(ACC accumulator, args...)} methods (overloads are resolved from the SQL
 * argument types as for scalar functions' {@code eval}; primitive parameters skip rows with a
 * NULL argument) and, to be usable over updating (changelog) input such as a continuous
 * {@code GROUP BY} over another aggregation or an outer join, a matching public
 * {@code retract(ACC accumulator, args...)} with the same argument types for each overload.
 * The SQL result type comes from the return type of {@link #getValue} as declared in the
 * subclass. The class needs a public no-argument constructor; the engine creates one instance
 * per running operator.
 *
 * @param <ACC> the accumulator type
 * @param <R> the result type
 */
public abstract class AggregateFunction<ACC, R> {
  /** A fresh accumulator for a group that has seen no row. */
  public abstract ACC createAccumulator();

  /** The result for the rows folded into {@code accumulator} so far (null for SQL NULL); must not modify it. */
  public abstract R getValue(ACC accumulator);

  /**
   * Folds {@code other} into {@code accumulator}: windows combine their slices this way. Must
   * not modify {@code other}, which a hopping window merges into several windows.
   */
  public abstract void merge(ACC accumulator, ACC other);
}
