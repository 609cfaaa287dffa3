package io.sluice.udf;

import io.sluice.udf.spi.AggregateFunction;
import io.sluice.udf.spi.FunctionHint;
import io.sluice.udf.spi.ScalarFunction;
import io.sluice.udf.spi.TableFunction;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A user-defined function: its SQL name, its kind, its Java class and the methods that
 * implement it, and the class loader of its jar (closed by {@link #close} when the function is
 * dropped).
 */
public final class UserFunction implements AutoCloseable {
  /** What a function class implements, told by its superclass. */
  public enum Kind {
    /** Public {@code eval} methods or annotated static methods returning one value per row. */
    SCALAR,
    /** A subclass of {@link AggregateFunction}: {@code accumulate} methods fold rows into per-group accumulators. */
    AGGREGATE,
    /** A subclass of {@link TableFunction}: {@code eval} methods emit zero or more rows per input row. */
    TABLE
  }

  private final String name;
  private final Class<?> type;
  private final Kind kind;
  private final List<Method> methods;
  private final boolean deterministic;
  private final Path jar;
  private final JarClassLoader loader;

  private UserFunction(String name, Class<?> type, List<Method> methods, Path jar, JarClassLoader loader) {
    this.name = name;
    this.type = type;
    this.kind = kindOf(type);
    this.methods = List.copyOf(methods);
    FunctionHint hint = type.getAnnotation(FunctionHint.class);
    this.deterministic = hint == null || hint.deterministic();
    this.jar = jar;
    this.loader = loader;
  }

  /** A function implemented by a class the engine's own class loader already sees. */
  public static UserFunction of(String name, Class<?> type) {
    return new UserFunction(name, type, implementations(name, type), null, null);
  }

  /**
   * Loads {@code className} from {@code jar} (null: from the engine's class path) in a class
   * loader of its own whose parent is {@code parent}.
   *
   * @throws UserFunctionException if the jar or class cannot be loaded or has no usable method
   */
  public static UserFunction load(String name, String className, Path jar, ClassLoader parent) {
    if (jar == null) {
      try {
        return of(name, Class.forName(className, false, parent));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new UserFunctionException("Function '" + name + "': class '" + className
            + "' is not on the engine's class path; add USING JAR 'path/to.jar'");
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new UserFunctionException("Function '" + name + "': jar '" + jar + "' does not exist");
    }
    JarClassLoader loader;
    try {
      loader = new JarClassLoader(jar.toUri().toURL(), parent);
    } catch (MalformedURLException e) {
      throw new UserFunctionException("Function '" + name + "': jar path '" + jar + "' is not valid: " + e.getMessage());
    }
    try {
      Class<?> type = Class.forName(className, true, loader);
      return new UserFunction(name, type, implementations(name, type), jar, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      closeQuietly(loader);
      throw new UserFunctionException("Function '" + name + "': class '" + className + "' is not in jar '" + jar
          + "' (" + e + "); check the class name, including its package");
    } catch (RuntimeException e) {
      closeQuietly(loader);
      throw e;
    }
  }

  private static Kind kindOf(Class<?> type) {
    return AggregateFunction.class.isAssignableFrom(type) ? Kind.AGGREGATE
        : TableFunction.class.isAssignableFrom(type) ? Kind.TABLE : Kind.SCALAR;
  }

  /**
   * The annotated static methods if there are any, else the public eval instance methods, in a
   * stable order; for an aggregate, its accumulate methods; for a table function, its void eval methods.
   */
  private static List<Method> implementations(String name, Class<?> type) {
    if (!Modifier.isPublic(type.getModifiers()) || type.getCanonicalName() == null
        || type.isMemberClass() && !Modifier.isStatic(type.getModifiers())
        || Modifier.isAbstract(type.getModifiers())) {
      throw new UserFunctionException("Function '" + name + "': class '" + type.getName()
          + "' must be public, concrete, and top-level or static nested");
    }
    Kind kind = kindOf(type);
    if (kind != Kind.SCALAR) {
      List<Method> methods = kind == Kind.AGGREGATE ? accumulateMethods(name, type) : tableEvalMethods(name, type);
      requireConstructor(name, type);
      methods.sort(Comparator.comparing(UserFunction::signature));
      return methods;
    }
    List<Method> annotated = new ArrayList<>();
    List<Method> evals = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (method.isBridge() || method.isSynthetic() || method.getDeclaringClass() == Object.class) {
        continue;
      }
      boolean isStatic = Modifier.isStatic(method.getModifiers());
      if (method.isAnnotationPresent(ScalarFunction.class)) {
        if (!isStatic) {
          throw new UserFunctionException("Function '" + name + "': @ScalarFunction method '" + method.getName()
              + "' must be static (or name it 'eval' without the annotation)");
        }
        annotated.add(method);
      } else if (method.getName().equals("eval") && !isStatic) {
        evals.add(method);
      }
    }
    List<Method> methods = annotated.isEmpty() ? evals : annotated;
    if (methods.isEmpty()) {
      throw new UserFunctionException("Function '" + name + "': class '" + type.getName()
          + "' has no public 'eval' method and no public static method annotated @ScalarFunction");
    }
    for (Method method : methods) {
      if (method.getReturnType() == void.class) {
        throw new UserFunctionException("Function '" + name + "': method " + signature(method) + " returns void");
      }
    }
    if (annotated.isEmpty()) {
      requireConstructor(name, type);
    }
    methods.sort(Comparator.comparing(UserFunction::signature));
    return methods;
  }

  private static void requireConstructor(String name, Class<?> type) {
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new UserFunctionException("Function '" + name + "': class '" + type.getName()
          + "' needs a public no-argument constructor");
    }
  }

  /** The public {@code accumulate(acc, args...)} methods of an aggregate; each needs a retract twin only for changelogs. */
  private static List<Method> accumulateMethods(String name, Class<?> type) {
    List<Method> methods = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (method.getName().equals("accumulate") && !method.isBridge() && !Modifier.isStatic(method.getModifiers())) {
        if (method.getParameterCount() == 0) {
          throw new UserFunctionException("Function '" + name + "': " + signature(method)
              + " must take the accumulator as its first parameter");
        }
        methods.add(method);
      }
    }
    if (methods.isEmpty()) {
      throw new UserFunctionException("Function '" + name + "': aggregate class '" + type.getName()
          + "' has no public 'accumulate(accumulator, args...)' method");
    }
    return methods;
  }

  /** The public {@code void eval(args...)} methods of a table function. */
  private static List<Method> tableEvalMethods(String name, Class<?> type) {
    List<Method> methods = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (method.getName().equals("eval") && !method.isBridge() && !Modifier.isStatic(method.getModifiers())) {
        methods.add(method);
      }
    }
    if (methods.isEmpty()) {
      throw new UserFunctionException("Function '" + name + "': table function class '" + type.getName()
          + "' has no public 'eval' method; declare 'public void eval(args...)' that calls collect(row)");
    }
    return methods;
  }

  public Kind kind() {
    return kind;
  }

  /** The Java parameter types that take SQL arguments: an aggregate's accumulate methods start with the accumulator. */
  public Class<?>[] argumentTypes(Method method) {
    Class<?>[] parameters = method.getParameterTypes();
    return kind == Kind.AGGREGATE ? Arrays.copyOfRange(parameters, 1, parameters.length) : parameters;
  }

  /**
   * The Java type of a call's result: a scalar method's return type, the return type of an
   * aggregate's {@code getValue}, or a table function's row type.
   */
  public Class<?> resultType(Method method) {
    return switch (kind) {
      case SCALAR -> method.getReturnType();
      case AGGREGATE -> valueMethod().getReturnType();
      case TABLE -> rowType();
    };
  }

  /** The most specific {@code getValue} of an aggregate class: the one its subclass declares, not the erased bridge. */
  private Method valueMethod() {
    Method best = null;
    for (Method method : type.getMethods()) {
      if (method.getName().equals("getValue") && method.getParameterCount() == 1 && !method.isBridge()
          && (best == null || best.getReturnType().isAssignableFrom(method.getReturnType()))) {
        best = method;
      }
    }
    return best;
  }

  /**
   * A table function's row class: the type argument of its direct superclass {@code TableFunction<T>}.
   *
   * @throws UserFunctionException when the superclass is raw or generic over a type variable
   */
  public Class<?> rowType() {
    if (type.getGenericSuperclass() instanceof ParameterizedType parameterized
        && parameterized.getRawType() == TableFunction.class
        && parameterized.getActualTypeArguments()[0] instanceof Class<?> row) {
      return row;
    }
    throw new UserFunctionException("Function '" + name + "': class '" + type.getName()
        + "' must extend TableFunction<RowType> directly, with a concrete row type (a record or a value type)");
  }

  /** The {@code retract} method with the same parameters as {@code accumulate}, or null when the aggregate has none. */
  public Method retractMethod(Method accumulate) {
    try {
      Method retract = type.getMethod("retract", accumulate.getParameterTypes());
      return Modifier.isStatic(retract.getModifiers()) ? null : retract;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** {@code name(type, ...)} with simple class names, for messages and SHOW FUNCTIONS. */
  public static String signature(Method method) {
    StringBuilder text = new StringBuilder(method.getName()).append('(');
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      text.append(i == 0 ? "" : ", ").append(parameters[i].getSimpleName());
    }
    return text.append(')').toString();
  }

  public String name() {
    return name;
  }

  public Class<?> type() {
    return type;
  }

  /** The implementing methods, sorted by signature. */
  public List<Method> methods() {
    return methods;
  }

  public boolean deterministic() {
    return deterministic;
  }

  /** The jar the class came from, or null when it is on the engine's class path. */
  public Path jar() {
    return jar;
  }

  /** A new instance for one running pipeline's eval calls, or null when the methods are static. */
  public Object newInstance() {
    if (Modifier.isStatic(methods.get(0).getModifiers())) {
      return null;
    }
    try {
      Constructor<?> constructor = type.getConstructor();
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new UserFunctionException("Function '" + name + "': constructor of '" + type.getName() + "' failed: "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new UserFunctionException("Function '" + name + "': cannot instantiate '" + type.getName() + "': " + e);
    }
  }

  /**
   * Releases the jar's class loader. Queries already running keep their classes; the loader's
   * classes are unloaded once nothing refers to them.
   */
  @Override
  public void close() {
    if (loader != null) {
      closeQuietly(loader);
    }
  }

  private static void closeQuietly(JarClassLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // The jar file handle is all that close releases; a failure leaves nothing to clean up.
    }
  }

  @Override
  public String toString() {
    return name + " (" + type.getName() + ")";
  }
}
