package io.sluice.udf.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A marker for a public static method that implements a scalar function, for classes that
 * keep their functions as static methods rather than public {@code eval} instance methods.
 *
 * <p>A class registered with {@code CREATE FUNCTION} uses its annotated static methods when it
 * has any, and otherwise its public {@code eval} methods (one instance per running query
 * pipeline, created with the public no-argument constructor). Overloads are resolved from the
 * SQL argument types; primitive parameters and results are NOT NULL (a NULL argument gives a
 * NULL result without calling the method), boxed ones and other classes are nullable.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ScalarFunction {}
