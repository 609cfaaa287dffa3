package io.sluice.udf;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A child-first class loader for one user function jar: the jar's classes win over the
 * engine's, except the JDK and Sluice's function SPI, which always come from the parent so a
 * function and the engine agree on them.
 */
final class JarClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  JarClassLoader(URL jar, ClassLoader parent) {
    super(new URL[] {jar}, parent);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (parentFirst(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException notInJar) {
          loaded = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private static boolean parentFirst(String name) {
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
        || name.startsWith("sun.") || name.startsWith("io.sluice.udf.spi.");
  }
}
