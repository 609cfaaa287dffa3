package io.sluice.udf.builtin;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Built-in arithmetic and math functions; exact integer arithmetic wraps around on
 * overflow like Java (as Flink and Calcite do), DECIMAL results round half-up.
 */
public final class MathFunctions {
  private MathFunctions() {}

  public static int divide(int a, int b) {
    if (b == 0) {
      throw divisionByZero();
    }
    return a / b;
  }

  public static long divide(long a, long b) {
    if (b == 0) {
      throw divisionByZero();
    }
    return a / b;
  }

  /** {@code a / b} rounded half-up to {@code scale}. */
  public static BigDecimal divide(BigDecimal a, BigDecimal b, int scale) {
    if (b.signum() == 0) {
      throw divisionByZero();
    }
    return a.divide(b, scale, RoundingMode.HALF_UP);
  }

  /** Remainder with the sign of the dividend. */
  public static int mod(int a, int b) {
    if (b == 0) {
      throw divisionByZero();
    }
    return a % b;
  }

  public static long mod(long a, long b) {
    if (b == 0) {
      throw divisionByZero();
    }
    return a % b;
  }

  public static BigDecimal mod(BigDecimal a, BigDecimal b, int scale) {
    if (b.signum() == 0) {
      throw divisionByZero();
    }
    return a.remainder(b).setScale(scale, RoundingMode.HALF_UP);
  }

  public static BigDecimal scale(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.HALF_UP);
  }

  /** ROUND(x, digits) half-up; negative digits round to tens, hundreds, .... */
  public static double round(double x, int digits) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    return new BigDecimal(Double.toString(x)).setScale(digits, RoundingMode.HALF_UP).doubleValue();
  }

  public static long round(long x, int digits) {
    if (digits >= 0) {
      return x;
    }
    return BigDecimal.valueOf(x).setScale(digits, RoundingMode.HALF_UP).longValue();
  }

  /** ROUND(x, digits) half-up, returned with {@code resultScale}. */
  public static BigDecimal round(BigDecimal x, int digits, int resultScale) {
    return x.setScale(digits, RoundingMode.HALF_UP).setScale(resultScale, RoundingMode.HALF_UP);
  }

  public static BigDecimal floor(BigDecimal x, int resultScale) {
    return x.setScale(0, RoundingMode.FLOOR).setScale(resultScale, RoundingMode.HALF_UP);
  }

  public static BigDecimal ceil(BigDecimal x, int resultScale) {
    return x.setScale(0, RoundingMode.CEILING).setScale(resultScale, RoundingMode.HALF_UP);
  }

  public static double power(double base, double exponent) {
    return Math.pow(base, exponent);
  }

  public static double sqrt(double x) {
    return Math.sqrt(x);
  }

  public static double ln(double x) {
    return Math.log(x);
  }

  public static double log10(double x) {
    return Math.log10(x);
  }

  public static double exp(double x) {
    return Math.exp(x);
  }

  private static FunctionException divisionByZero() {
    return new FunctionException("Division by zero");
  }
}
