package com.example.udf;

import io.sluice.udf.spi.ScalarFunction;

/**
 * An example of a function kept as annotated static methods, with two overloads:
 * {@code clamp(value, low, high)} for INTEGER and for DOUBLE arguments.
 */
public final class Clamp {
  private Clamp() {}

  @ScalarFunction
  public static int clamp(int value, int low, int high) {
    return Math.max(low, Math.min(high, value));
  }

  @ScalarFunction
  public static double clamp(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }
}
