package io.sluice.udf.spi;

import java.util.function.Consumer;

/**
 * The base class of a user table function, which turns one input row into zero or more output
 * rows: {@code SELECT ... FROM t, LATERAL TABLE(f(t.x)) AS s(a, b)}.
 *
 * <p>A subclass declares public {@code void eval(args...)} methods (overloads are resolved from
 * the SQL argument types as for scalar functions) that call {@link #collect} once per output
 * row. The row type is the type argument {@code T} of the class's direct superclass
 * {@code TableFunction<T>}: a Java record gives one column per component (named as the
 * components), any other supported Java type one column named {@code f0}. The class needs a
 * public no-argument constructor; the engine creates one instance per running operator.
 *
 * @param <T> the row type
 */
public abstract class TableFunction<T> {
  private Consumer<? super T> collector;

  /** Emits one output row for the input row the current {@code eval} call is about. */
  protected final void collect(T row) {
    collector.accept(row);
  }

  /** Called by the engine before any {@code eval} call: where {@link #collect} sends rows. */
  public final void setCollector(Consumer<? super T> collector) {
    this.collector = collector;
  }
}
