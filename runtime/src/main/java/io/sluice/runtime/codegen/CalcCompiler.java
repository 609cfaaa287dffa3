package io.sluice.runtime.codegen;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.Schema;
import io.sluice.udf.UserFunctionException;
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
    Constructor<?> constructor = generated.userClasses().isEmpty() ? CACHE.get(generated.source()) : null;
    if (!generated.userClasses().isEmpty()) {
      // Not cached: a cached class would pin the jar's class loader after DROP FUNCTION, and
      // a reloaded jar can reuse a class name for different code.
      constructor = load(generated.source(), new UserClassLoader(generated.userClasses()));
    } else if (constructor == null) {
      // Compiled outside the lock: two threads may both compile a new shape, which is harmless.
      constructor = load(generated.source(), CalcCompiler.class.getClassLoader());
      CACHE.putIfAbsent(generated.source(), constructor);
    }
    try {
      return (CompiledCalc) constructor.newInstance((Object) generated.literals());
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof FunctionException || e.getCause() instanceof UserFunctionException) {
        throw new ExpressionException(e.getCause().getMessage(), e.getCause());
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

  private static Constructor<?> load(String source, ClassLoader parent) {
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(parent);
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

  /**
   * The parent loader of a generated class that calls user functions: it resolves the
   * functions' classes (each from its own jar's loader) by name, and everything else as the
   * engine does.
   */
  private static final class UserClassLoader extends ClassLoader {
    private final Map<String, Class<?>> classes = new java.util.HashMap<>();

    UserClassLoader(List<Class<?>> userClasses) {
      super(CalcCompiler.class.getClassLoader());
      for (Class<?> type : userClasses) {
        classes.put(type.getName(), type);
      }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      Class<?> type = classes.get(name);
      return type != null ? type : super.loadClass(name, resolve);
    }
  }
}
