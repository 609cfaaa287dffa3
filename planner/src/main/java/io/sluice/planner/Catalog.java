package io.sluice.planner;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.calcite.sql.SqlNode;

/**
 * The objects a session has declared: tables, views and models, by exact
 * (case-sensitive) name. Thread-safe; listings are sorted by name.
 */
public final class Catalog {
  /** A view: its query, the query's text as written, and the columns it yields. */
  public record View(String name, SqlNode query, String sql, Schema schema) {
    public View {
      requireNonNull(name, "name is null");
      requireNonNull(query, "query is null");
      requireNonNull(schema, "schema is null");
    }
  }

  /**
   * A model declared with CREATE MODEL; the options are what its WITH clause said.
   *
   * @param version 1 for a new model, counting up with each new definition published under the name
   * @param updated when this version was declared
   */
  public record Model(String name, Map<String, String> options, int version, java.time.Instant updated) {
    public Model {
      requireNonNull(name, "name is null");
      options = Map.copyOf(options);
      requireNonNull(updated, "updated is null");
    }

    /** A first version, declared now. */
    public Model(String name, Map<String, String> options) {
      this(name, options, 1, java.time.Instant.now());
    }
  }

  private final Map<String, TableSpec> tables = new TreeMap<>();
  private final Map<String, View> views = new TreeMap<>();
  private final Map<String, Model> models = new TreeMap<>();
  /** User functions by lower-case name: SQL function names are case-insensitive. */
  private final Map<String, io.sluice.udf.UserFunction> functions = new TreeMap<>();

  /** The user function named {@code name}, ignoring case. */
  public synchronized Optional<io.sluice.udf.UserFunction> function(String name) {
    return Optional.ofNullable(functions.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  public synchronized void putFunction(io.sluice.udf.UserFunction function) {
    functions.put(function.name().toLowerCase(java.util.Locale.ROOT), function);
  }

  /** Removes and returns the user function named {@code name} (ignoring case), or null. */
  public synchronized io.sluice.udf.UserFunction removeFunction(String name) {
    return functions.remove(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** The user functions, by name. */
  public synchronized List<io.sluice.udf.UserFunction> functions() {
    return List.copyOf(functions.values());
  }

  public synchronized Optional<TableSpec> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  public synchronized Optional<View> view(String name) {
    return Optional.ofNullable(views.get(name));
  }

  public synchronized Optional<Model> model(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** Whether a table or view has this name (they share one namespace). */
  public synchronized boolean containsRelation(String name) {
    return tables.containsKey(name) || views.containsKey(name);
  }

  public synchronized void putTable(TableSpec table) {
    views.remove(table.name());
    tables.put(table.name(), table);
  }

  public synchronized void putView(View view) {
    tables.remove(view.name());
    views.put(view.name(), view);
  }

  public synchronized void putModel(Model model) {
    models.put(model.name(), model);
  }

  public synchronized boolean removeTable(String name) {
    return tables.remove(name) != null;
  }

  public synchronized boolean removeView(String name) {
    return views.remove(name) != null;
  }

  public synchronized boolean removeModel(String name) {
    return models.remove(name) != null;
  }

  public synchronized List<TableSpec> tables() {
    return List.copyOf(tables.values());
  }

  public synchronized List<View> views() {
    return List.copyOf(views.values());
  }

  public synchronized List<Model> models() {
    return List.copyOf(models.values());
  }
}
