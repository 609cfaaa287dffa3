package io.sluice.runtime.codegen;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.Schema;
import io.sluice.udf.builtin.FunctionException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles filter + projection specs into a {@link CompiledCalc} (generated Java, Janino).
 *
 * <p>Generated classes are cached by their source, in which literal values do not appear, so
 * {@code x + 1} and {@code x + 2} share one class. Set the system property
 * {@code sluice.codegen.debug=true} to print every generated source to standard error.
 */
public final class CalcCompiler {
  private static final int CACHE_SIZE = 512;
  private static final boolean DEBUG = Boolean.getBoolean("sluice.codegen.debug");

  /** Least recently used generated classes, by source. */
  private static final Map<String, Constructor<?>> CACHE = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Constructor<?>> eldest) {
          return size() > CACHE_SIZE;
        }
      });

  private CalcCompiler() {}

  /**
   * Compiles {@code projections} (and {@code condition}, null for none) over rows of
   * {@code input}; output vectors must have the projections' types.
   *
   * @throws ExpressionException if a literal argument is invalid, such as a LIKE pattern
   *     ending in its escape character
   * @throws IllegalArgumentException if an expression is not executable (a planner bug)
   */
  public static CompiledCalc compile(Schema input, List<ExprSpec> projections, ExprSpec condition) {
    CalcGenerator.Generated generated = new CalcGenerator(input, projections, condition).generate();
    if (DEBUG) {
      System.err.println(numbered(generated.source()));
    }
    Constructor<?> constructor = CACHE.get(generated.source());
    if (constructor == null) {
      // Compiled outside the lock: two threads may both compile a new shape, which is harmless.
      constructor = load(generated.source());
      CACHE.putIfAbsent(generated.source(), constructor);
    }
    try {
      return (CompiledCalc) constructor.newInstance((Object) generated.literals());
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof FunctionException cause) {
        throw new ExpressionException(cause.getMessage(), cause);
      }
      throw new IllegalStateException("Generated Calc constructor failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot instantiate generated Calc", e);
    }
  }

  /** The Java source {@link #compile} generates for these expressions. */
  public static String source(Schema input, List<ExprSpec> projections, ExprSpec condition) {
    return new CalcGenerator(input, projections, condition).generate().source();
  }

  private static Constructor<?> load(String source) {
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(CalcCompiler.class.getClassLoader());
    try {
      compiler.cook(source);
      return compiler.getClassLoader().loadClass(CalcGenerator.CLASS_NAME).getConstructor(Object[].class);
    } catch (CompileException e) {
      throw new IllegalStateException("Generated Calc does not compile (a bug in the code generator): "
          + e.getMessage() + "\n" + numbered(source), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Generated Calc class cannot be loaded", e);
    }
  }

  private static String numbered(String source) {
    StringBuilder result = new StringBuilder(source.length() + source.length() / 8);
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      result.append(String.format("%5d  %s%n", i + 1, lines[i]));
    }
    return result.toString();
  }
}
