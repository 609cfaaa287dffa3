package com.example.udf;

import io.sluice.udf.spi.VectorizedFunction;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * An example vectorised function: {@code celsius(fahrenheit)} as DOUBLE NOT NULL -> DOUBLE NOT
 * NULL. Sluice calls {@link #evalBatch} once per batch when the argument is a DOUBLE column,
 * and {@link #eval} per row otherwise (a NULL argument gives NULL without a call).
 */
public class Celsius implements VectorizedFunction {
  public double eval(double fahrenheit) {
    return (fahrenheit - 32) * 5 / 9;
  }

  @Override
  public void evalBatch(int overload, FieldVector[] arguments, int rowCount, FieldVector output) {
    Float8Vector in = (Float8Vector) arguments[0];
    Float8Vector out = (Float8Vector) output;
    out.allocateNew(rowCount);
    for (int i = 0; i < rowCount; i++) {
      if (in.isNull(i)) {
        out.setNull(i);
      } else {
        out.set(i, (in.get(i) - 32) * 5 / 9);
      }
    }
    out.setValueCount(rowCount);
  }
}
