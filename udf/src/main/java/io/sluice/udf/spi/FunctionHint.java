package io.sluice.udf.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A declaration about a user function class that Sluice cannot infer from its Java signatures.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FunctionHint {
  /**
   * Whether equal arguments always give equal results; the planner folds and deduplicates calls
   * only to deterministic functions (random numbers, clocks and counters are not).
   */
  boolean deterministic() default true;
}
