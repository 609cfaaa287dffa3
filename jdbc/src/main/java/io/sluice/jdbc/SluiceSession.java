package io.sluice.jdbc;

import io.sluice.grammar.ScriptPart;
import io.sluice.grammar.StatementSplitter;
import io.sluice.parser.SluiceParser;
import io.sluice.parser.Statement;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.planner.Boundedness;
import io.sluice.planner.Catalog;
import io.sluice.planner.PlanningException;
import io.sluice.planner.SluicePlanner;
import io.sluice.planner.UserSqlFunction;
import io.sluice.runtime.exec.Job;
import io.sluice.runtime.exec.JobBuilder;
import io.sluice.udf.UserFunction;
import io.sluice.udf.UserFunctionException;
import io.sluice.udf.ml.Model;
import io.sluice.udf.ml.ModelException;
import io.sluice.udf.ml.ModelLoader;
import io.sluice.udf.ml.ModelType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A user's session with the engine: a catalog, session options and the jobs started from
 * it. Statements are parsed, planned and run here; the shell and the JDBC driver are thin
 * clients of this class. Not thread-safe, except {@link #jobs()} and cancelling jobs.
 */
public final class SluiceSession implements AutoCloseable {
  private static final DataType STRING = DataType.of(TypeKind.VARCHAR).withNullable(false);
  private static final DataType NULLABLE_STRING = DataType.of(TypeKind.VARCHAR);

  private static final SluiceParser PARSER = new SluiceParser();

  private final Catalog catalog = new Catalog();
  private final Map<String, String> options = new TreeMap<>();
  private final SluicePlanner planner = new SluicePlanner(catalog, SluiceSession::parseQuery, options);
  private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
  private final AtomicInteger jobCounter = new AtomicInteger();

  private final Path baseDirectory;
  private CatalogStore store;

  /** A session resolving relative paths against the working directory. */
  public SluiceSession() {
    this(Path.of(""));
  }

  /** A session resolving relative {@code 'path'} options against {@code baseDirectory} (a script's folder). */
  public SluiceSession(Path baseDirectory) {
    this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The functions SQL can call in this session, sorted: built-in and user functions. */
  public List<String> functionNames() {
    List<String> names = new ArrayList<>(planner.builtinFunctionNames());
    catalog.functions().forEach(function -> names.add(function.name()));
    names.sort(String.CASE_INSENSITIVE_ORDER);
    return names;
  }

  /**
   * Registers {@code type} as user function {@code name}, as {@code CREATE FUNCTION} does for
   * a class on the engine's class path; replaces a user function of that name.
   *
   * @throws PlanningException if the name is a built-in function's or the class has no usable method
   */
  public void registerFunction(String name, Class<?> type) {
    checkNotBuiltin(name, null);
    UserFunction function;
    try {
      function = UserFunction.of(name, type);
    } catch (UserFunctionException e) {
      throw new PlanningException(e.getMessage());
    }
    UserSqlFunction.validate(function);
    UserFunction replaced = catalog.removeFunction(name);
    if (replaced != null) {
      replaced.close();
    }
    catalog.putFunction(function);
  }

  private void checkNotBuiltin(String name, Statement statement) {
    if (planner.builtinFunctionNames().stream().anyMatch(name::equalsIgnoreCase)) {
      String message = "Function '" + name + "' is a built-in function; choose another name";
      throw statement == null ? new PlanningException(message) : positioned(message, statement);
    }
  }

  /** Loads the class (from its jar, relative to the script's folder) and adds the function. */
  private Outcome createFunction(Statement.CreateFunction ddl) {
    String name = last(ddl.name());
    checkNotBuiltin(name, ddl);
    if (catalog.function(name).isPresent()) {
      if (ddl.ifNotExists()) {
        return new Outcome.Message("Function '" + name + "' already exists; nothing changed.");
      }
      throw positioned("Function '" + name + "' already exists; DROP FUNCTION it first to reload it", ddl);
    }
    Path jar = ddl.jar() == null ? null : baseDirectory.resolve(ddl.jar()).normalize();
    UserFunction function;
    try {
      function = UserFunction.load(name, ddl.className(), jar, SluiceSession.class.getClassLoader());
    } catch (UserFunctionException e) {
      throw positioned(e.getMessage(), ddl);
    }
    try {
      UserSqlFunction.validate(function);
    } catch (PlanningException e) {
      function.close();
      throw positioned(e.getMessage(), ddl);
    }
    catalog.putFunction(function);
    return new Outcome.Message("Function '" + name + "' created.");
  }

  /** Sets a session option, as {@code SET 'key' = 'value'} does. */
  public void setOption(String key, String value) {
    options.put(key, value);
  }

  /** The session options set with SET, in key order. */
  public Map<String, String> options() {
    return Collections.unmodifiableMap(options);
  }

  /** The statements of a script, each with its position in the script; no statement is parsed yet. */
  public static List<ScriptPart> split(String script) {
    return StatementSplitter.split(script);
  }

  /** Parses and executes one statement; errors carry line:column in the whole script. */
  public Outcome execute(ScriptPart part) {
    Statement statement = PARSER.parseStatement(part);
    Outcome outcome;
    try {
      outcome = execute(statement);
    } catch (PlanningException e) {
      throw StatementException.of(e, part);
    }
    if (store != null) {
      store.record(statement, part);
    }
    return outcome;
  }

  /**
   * Keeps this session's tables, views and models in {@code directory}: the objects stored
   * there are created now, and every later CREATE or DROP is recorded there, so the next
   * session over the same folder sees them.
   *
   * @throws IllegalStateException when a stored statement no longer runs (the message names its file)
   */
  public void persistCatalog(Path directory) {
    CatalogStore catalogStore = new CatalogStore(baseDirectory.resolve(directory));
    List<CatalogStore.Entry> pending = catalogStore.entries();
    // A view may read a view stored under a later name: replay until a pass restores nothing more.
    while (!pending.isEmpty()) {
      List<CatalogStore.Entry> failed = new ArrayList<>();
      RuntimeException lastError = null;
      for (CatalogStore.Entry entry : pending) {
        try {
          execute(ScriptPart.of(entry.ddl()));
        } catch (RuntimeException e) {
          failed.add(entry);
          lastError = e;
        }
      }
      if (failed.size() == pending.size()) {
        CatalogStore.Entry entry = failed.get(failed.size() - 1);
        throw new IllegalStateException("Cannot restore " + entry.kind() + " '" + entry.name() + "' from "
            + entry.file() + ": " + lastError.getMessage() + "\nFix or delete the file.", lastError);
      }
      pending = failed;
    }
    this.store = catalogStore;
  }

  /**
   * Like {@link #execute(ScriptPart)}, but queries and INSERTs are planned and their plans
   * returned as text instead of being run (what {@code sluice explain} does with a script).
   */
  public Outcome explainOrExecute(ScriptPart part) {
    Statement statement = PARSER.parseStatement(part);
    try {
      if (statement instanceof Statement.Query || statement instanceof Statement.Insert) {
        return new Outcome.Text(explain(statement));
      }
      return execute(statement);
    } catch (PlanningException e) {
      throw StatementException.of(e, part);
    }
  }

  /** Parses and executes the one statement in {@code sql}. */
  public Outcome execute(String sql) {
    List<ScriptPart> parts = split(sql);
    if (parts.size() != 1) {
      throw new StatementException("Expected exactly one statement, found " + parts.size(), 0, 0, null);
    }
    return execute(parts.get(0));
  }

  private Outcome execute(Statement statement) {
    if (statement instanceof Statement.Query query) {
      return query(planner.planQuery(query.query()));
    }
    if (statement instanceof Statement.Insert insert) {
      SluicePlanner.Planned planned = planner.planInsert(insert);
      String table = insert.table().get(insert.table().size() - 1);
      Job job = register("INSERT INTO " + table, new JobBuilder(planned.physical()).options(options));
      job.start();
      return new Outcome.Insert(table, job);
    }
    if (statement instanceof Statement.Explain explain) {
      return new Outcome.Text(explain(explain.target()));
    }
    if (statement instanceof Statement.CreateTable ddl) {
      String name = last(ddl.name());
      if (catalog.containsRelation(name)) {
        if (ddl.ifNotExists()) {
          return new Outcome.Message("Table '" + name + "' already exists; nothing changed.");
        }
        throw positioned("Table '" + name + "' already exists", statement);
      }
      catalog.putTable(planner.createTable(withResolvedPath(ddl)));
      return new Outcome.Message("Table '" + name + "' created.");
    }
    if (statement instanceof Statement.CreateView ddl) {
      String name = last(ddl.name());
      if (catalog.containsRelation(name) && !ddl.orReplace()) {
        if (ddl.ifNotExists()) {
          return new Outcome.Message("View '" + name + "' already exists; nothing changed.");
        }
        throw positioned("A table or view named '" + name + "' already exists", statement);
      }
      catalog.putView(planner.createView(ddl));
      return new Outcome.Message("View '" + name + "' created.");
    }
    if (statement instanceof Statement.CreateModel ddl) {
      String name = last(ddl.name());
      if (catalog.model(name).isPresent()) {
        if (ddl.ifNotExists()) {
          return new Outcome.Message("Model '" + name + "' already exists; nothing changed.");
        }
        throw positioned("Model '" + name + "' already exists", statement);
      }
      Map<String, String> options = new LinkedHashMap<>(ddl.options());
      options.computeIfPresent("path", (key, path) -> baseDirectory.resolve(path).normalize().toString());
      try {
        ModelLoader.fromOptions(options);
      } catch (ModelException e) {
        throw positioned("Model '" + name + "' cannot be created: " + e.getMessage(), statement);
      }
      catalog.putModel(new Catalog.Model(name, options));
      return new Outcome.Message("Model '" + name + "' created.");
    }
    if (statement instanceof Statement.CreateModelAs ddl) {
      return createModelAs(ddl);
    }
    if (statement instanceof Statement.CreateFunction ddl) {
      return createFunction(ddl);
    }
    if (statement instanceof Statement.Drop drop) {
      return drop(drop);
    }
    if (statement instanceof Statement.Show show) {
      return show(show.kind());
    }
    if (statement instanceof Statement.Describe describe) {
      return describe(describe);
    }
    if (statement instanceof Statement.Set set) {
      if (set.key() == null) {
        List<List<Object>> rows = new ArrayList<>();
        options.forEach((k, v) -> rows.add(List.of(k, v)));
        return new Outcome.Rows(Schema.of(new Field("key", STRING), new Field("value", STRING)), rows);
      }
      options.put(set.key(), set.value());
      return new Outcome.Message("Option '" + set.key() + "' set to '" + set.value() + "'.");
    }
    if (statement instanceof Statement.Reset reset) {
      if (reset.key() == null) {
        options.clear();
        return new Outcome.Message("All options reset.");
      }
      options.remove(reset.key());
      return new Outcome.Message("Option '" + reset.key() + "' reset.");
    }
    throw new IllegalStateException("unhandled statement " + statement.getClass().getSimpleName());
  }

  /**
   * Starts the job training a model: over a bounded input the statement waits for it, so the
   * statements after it see the final version; over an unbounded one it runs in the background.
   */
  private Outcome createModelAs(Statement.CreateModelAs ddl) {
    String name = last(ddl.name());
    if (catalog.model(name).isPresent()) {
      if (ddl.ifNotExists()) {
        return new Outcome.Message("Model '" + name + "' already exists; nothing changed.");
      }
      throw positioned("Model '" + name + "' already exists; DROP MODEL it first", ddl);
    }
    for (String key : ddl.options().keySet()) {
      if (!key.equals("path") && !key.equals("features")) {
        throw positioned("CREATE MODEL ... AS SELECT takes the options 'path' (the model file each version is written"
            + " to) and 'features' (the features' names), not '" + key + "'", ddl);
      }
    }
    List<String> features = null;
    if (ddl.options().containsKey("features")) {
      features = Arrays.stream(ddl.options().get("features").replaceAll("^\\s*\\[|]\\s*$", "").split(","))
          .map(String::trim).filter(f -> !f.isEmpty()).toList();
    }
    Path path = ddl.options().containsKey("path") ? baseDirectory.resolve(ddl.options().get("path")).normalize() : null;
    SluicePlanner.Planned planned = planner.planQuery(ddl.query());
    if (ModelPublisher.modelColumn(planned.physical().schema()) < 0) {
      throw positioned("The query of CREATE MODEL " + name + " must end with the model column, a TRAIN_* aggregate"
          + " such as TRAIN_LOGREG(label, f1, f2)", ddl);
    }
    boolean bounded = Boundedness.unboundedTables(planned.logical()).isEmpty();
    Job job = register("CREATE MODEL " + name, new JobBuilder(planned.physical()).options(options)
        .resultConsumer(new ModelPublisher(catalog, name, features, path)));
    job.start();
    if (!bounded) {
      return new Outcome.Message("Model '" + name + "' is trained by " + job.name().split(" ")[0]
          + ": each result of its query publishes a new version (DESCRIBE MODEL " + name + ", SHOW JOBS).");
    }
    try {
      job.await();
    } catch (InterruptedException e) {
      job.cancel();
      Thread.currentThread().interrupt();
      throw positioned("CREATE MODEL " + name + " was interrupted", ddl);
    }
    if (job.failure() != null) {
      throw positioned("Training model '" + name + "' failed: " + job.failure().getMessage(), ddl);
    }
    return catalog.model(name)
        .<Outcome>map(model -> new Outcome.Message("Model '" + name + "' trained: version " + model.version() + "."))
        .orElseGet(() -> new Outcome.Message("Model '" + name + "' was not created: its query gave no model (no rows,"
            + " or none that a model fits)."));
  }

  /** Relative file paths in a table's options are relative to the script, as USING JAR paths are. */
  private Statement.CreateTable withResolvedPath(Statement.CreateTable ddl) {
    String path = ddl.options().get("path");
    if (path == null || path.contains("://") || Path.of(path).isAbsolute()) {
      return ddl;
    }
    Map<String, String> resolved = new LinkedHashMap<>(ddl.options());
    resolved.put("path", baseDirectory.resolve(path).normalize().toString());
    return new Statement.CreateTable(ddl.name(), ddl.ifNotExists(), ddl.columns(), ddl.watermark(), ddl.primaryKey(),
        resolved, ddl.position());
  }

  private String explain(Statement target) {
    if (target instanceof Statement.Query query) {
      return planner.planQuery(query.query()).explain();
    }
    if (target instanceof Statement.Insert insert) {
      return planner.planInsert(insert).explain();
    }
    throw positioned("EXPLAIN works on queries and INSERT statements", target);
  }

  private Outcome query(SluicePlanner.Planned planned) {
    boolean bounded = Boundedness.unboundedTables(planned.logical()).isEmpty();
    return new Outcome.Query(planned.physical().schema(), bounded, planned.physical(),
        consumer -> register("SELECT", new JobBuilder(planned.physical()).options(options).resultConsumer(consumer))
            .start());
  }

  private Job register(String description, JobBuilder builder) {
    String id = "job-" + jobCounter.incrementAndGet();
    Job job = builder.name(id + " " + description).tables(catalog::table).build();
    jobs.put(id, job);
    return job;
  }

  /** Every job started in this session, by id, in start order. */
  public Map<String, Job> jobs() {
    synchronized (jobs) {
      return new LinkedHashMap<>(jobs);
    }
  }

  private Outcome drop(Statement.Drop drop) {
    String name = last(drop.name());
    boolean removed = switch (drop.kind()) {
      case TABLE -> catalog.removeTable(name);
      case VIEW -> catalog.removeView(name);
      case MODEL -> catalog.removeModel(name);
      case FUNCTION -> {
        UserFunction function = catalog.removeFunction(name);
        if (function != null) {
          function.close();
        }
        yield function != null;
      }
      case JOB -> throw positioned("DROP JOB is not a statement; cancel the job instead", drop);
    };
    String kind = drop.kind().name().charAt(0) + drop.kind().name().substring(1).toLowerCase(java.util.Locale.ROOT);
    if (!removed && !drop.ifExists()) {
      throw positioned(kind + " '" + name + "' does not exist", drop);
    }
    return new Outcome.Message(removed ? kind + " '" + name + "' dropped." : kind + " '" + name + "' does not exist; nothing changed.");
  }

  private Outcome show(Statement.ObjectKind kind) {
    List<List<Object>> rows = new ArrayList<>();
    switch (kind) {
      case TABLE -> catalog.tables().forEach(t -> rows.add(List.of(t.name())));
      case VIEW -> catalog.views().forEach(v -> rows.add(List.of(v.name())));
      case MODEL -> catalog.models().forEach(m -> rows.add(List.of(m.name())));
      case FUNCTION -> {
        planner.builtinFunctionNames().forEach(f -> rows.add(Arrays.asList(f, "BUILT-IN", null)));
        for (UserFunction function : catalog.functions()) {
          rows.add(Arrays.asList(function.name(), "USER", String.join("; ", UserSqlFunction.signatures(function))));
        }
        rows.sort(Comparator.comparing(row -> ((String) row.get(0)).toUpperCase(java.util.Locale.ROOT)));
        return new Outcome.Rows(Schema.of(new Field("function name", STRING), new Field("kind", STRING),
            new Field("signature", NULLABLE_STRING)), rows);
      }
      case JOB -> {
        jobs().forEach((id, job) -> rows.add(List.of(id, job.name(), status(job), job.metrics().snapshot().toString())));
        return new Outcome.Rows(Schema.of(new Field("job id", STRING), new Field("name", STRING),
            new Field("status", STRING), new Field("metrics", STRING)), rows);
      }
    }
    String header = kind.name().toLowerCase(java.util.Locale.ROOT) + " name";
    return new Outcome.Rows(Schema.of(new Field(header, STRING)), rows);
  }

  private static String status(Job job) {
    if (!job.isDone()) {
      return "RUNNING";
    }
    if (job.isCancelled()) {
      return "CANCELLED";
    }
    return job.failure() == null ? "FINISHED" : "FAILED";
  }

  private Outcome describe(Statement.Describe describe) {
    String name = last(describe.name());
    if (describe.kind() == Statement.ObjectKind.FUNCTION) {
      return describeFunction(name, describe);
    }
    if (describe.kind() == Statement.ObjectKind.MODEL) {
      Catalog.Model model = catalog.model(name).orElseThrow(() -> positioned("Model '" + name + "' does not exist", describe));
      List<List<Object>> rows = new ArrayList<>();
      Model loaded = ModelLoader.fromOptions(model.options());
      rows.add(List.of("type", loaded.type().externalName()));
      rows.add(List.of("features", String.join(", ", loaded.features())));
      if (loaded.type() == ModelType.KMEANS) {
        rows.add(List.of("centroids", Arrays.stream(loaded.centroids()).map(Arrays::toString).collect(Collectors.joining(", "))));
      } else {
        rows.add(List.of("weights", Arrays.toString(loaded.weights())));
        rows.add(List.of("intercept", String.valueOf(loaded.intercept())));
      }
      if (loaded.hasScaler()) {
        rows.add(List.of("scaler.mean", Arrays.toString(loaded.mean())));
        rows.add(List.of("scaler.scale", Arrays.toString(loaded.scale())));
      }
      rows.add(List.of("version", String.valueOf(model.version())));
      rows.add(List.of("last updated", model.updated().toString()));
      if (model.options().containsKey("path")) {
        rows.add(List.of("path", model.options().get("path")));
      }
      return new Outcome.Rows(Schema.of(new Field("option", STRING), new Field("value", STRING)), rows);
    }
    Schema columns;
    TableSpec table = catalog.table(name).orElse(null);
    if (table != null) {
      columns = table.schema();
    } else {
      columns = catalog.view(name).map(Catalog.View::schema)
          .orElseThrow(() -> positioned("Table or view '" + name + "' does not exist", describe));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Field field = columns.field(i);
      String key = table != null && table.primaryKey().contains(field.name()) ? "PRI" : null;
      String watermark = table != null && table.watermark() != null && table.watermark().column() == i
          ? table.watermark().sql() : null;
      List<Object> row = new ArrayList<>();
      row.add(field.name());
      row.add(field.type().withNullable(true).sql());
      row.add(field.type().nullable());
      row.add(key);
      row.add(watermark);
      rows.add(row);
    }
    if (table != null && table.procTime() != null) {
      rows.add(Arrays.asList(table.procTime(), "TIMESTAMP(3) AS PROCTIME()", false, null, null));
    }
    return new Outcome.Rows(Schema.of(new Field("name", STRING), new Field("type", STRING),
        new Field("null", DataType.of(TypeKind.BOOLEAN).withNullable(false)), new Field("key", NULLABLE_STRING),
        new Field("watermark", NULLABLE_STRING)), rows);
  }

  /** One row per overload of a user function: its SQL signature and the Java method behind it. */
  private Outcome describeFunction(String name, Statement.Describe describe) {
    Schema schema = Schema.of(new Field("signature", STRING), new Field("java method", NULLABLE_STRING),
        new Field("class", NULLABLE_STRING), new Field("jar", NULLABLE_STRING),
        new Field("deterministic", DataType.of(TypeKind.BOOLEAN)));
    UserFunction function = catalog.function(name).orElse(null);
    if (function == null) {
      String builtin = planner.builtinFunctionNames().stream().filter(name::equalsIgnoreCase).findFirst()
          .orElseThrow(() -> positioned("Function '" + name + "' does not exist", describe));
      return new Outcome.Rows(schema, List.of(Arrays.asList(builtin + " (built-in)", null, null, null, null)));
    }
    List<List<Object>> rows = new ArrayList<>();
    List<String> signatures = UserSqlFunction.signatures(function);
    for (int i = 0; i < signatures.size(); i++) {
      rows.add(Arrays.asList(signatures.get(i), UserFunction.signature(function.methods().get(i)),
          function.type().getName(), function.jar() == null ? null : function.jar().toString(),
          function.deterministic()));
    }
    return new Outcome.Rows(schema, rows);
  }

  private static String last(List<String> name) {
    return name.get(name.size() - 1);
  }

  private static PlanningException positioned(String message, Statement statement) {
    var pos = statement.position();
    return new PlanningException(message, pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(),
        pos.getEndColumnNum(), null);
  }

  private static org.apache.calcite.sql.SqlNode parseQuery(String sql) {
    Statement statement = PARSER.parseStatement(sql);
    if (statement instanceof Statement.Query query) {
      return query.query();
    }
    throw new IllegalStateException("a view's text is not a query: " + sql);
  }

  /** Cancels every job still running. */
  @Override
  public void close() {
    jobs().values().forEach(Job::cancel);
  }

  /** Waits for every job started in this session to end. */
  public void awaitJobs() throws InterruptedException {
    for (Job job : jobs().values()) {
      job.await();
    }
  }
}
