package io.sluice.jdbc;

import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.planner.Catalog;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.exec.ResultConsumer;
import io.sluice.udf.ml.Model;
import io.sluice.udf.ml.ModelException;
import io.sluice.udf.ml.ModelLoader;
import io.sluice.udf.ml.ModelWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The sink of a {@code CREATE MODEL ... AS SELECT} job: every model text the query emits (its
 * last column; a windowed query emits one per closed window, a continuous one an update per
 * changed result) becomes the newest version of the catalog model, and is written to the
 * model file at {@code path} when one is given.
 */
final class ModelPublisher implements ResultConsumer {
  private final Catalog catalog;
  private final String name;
  private final List<String> features;
  private final Path path;
  private int modelColumn = -1;
  private int rowKindColumn = -1;

  /**
   * @param features names for the trained model's features, or null for x1..xn
   * @param path the model file each version is written to, or null
   */
  ModelPublisher(Catalog catalog, String name, List<String> features, Path path) {
    this.catalog = catalog;
    this.name = name;
    this.features = features;
    this.path = path;
  }

  /** The column holding the model text in {@code schema}: the last one besides the row kind. */
  static int modelColumn(Schema schema) {
    int last = schema.size() - 1;
    if (last >= 0 && schema.field(last).name().equals(RowKind.COLUMN)) {
      last--;
    }
    return last >= 0 && schema.type(last).kind() == TypeKind.VARCHAR ? last : -1;
  }

  @Override
  public void begin(Schema schema) {
    modelColumn = modelColumn(schema);
    rowKindColumn = schema.size() > 0 && schema.field(schema.size() - 1).name().equals(RowKind.COLUMN)
        ? schema.size() - 1 : -1;
  }

  @Override
  public void accept(Batch batch) {
    VarCharVector models = (VarCharVector) batch.column(modelColumn);
    TinyIntVector kinds = rowKindColumn < 0 ? null : (TinyIntVector) batch.column(rowKindColumn);
    for (int row = 0; row < batch.rowCount(); row++) {
      if (models.isNull(row)) {
        continue;
      }
      if (kinds != null) {
        byte kind = kinds.get(row);
        if (kind != RowKind.INSERT.code() && kind != RowKind.UPDATE_AFTER.code()) {
          continue;
        }
      }
      publish(new String(models.get(row), StandardCharsets.UTF_8));
    }
  }

  private void publish(String text) {
    Model model = ModelLoader.fromText(text, "the model value of " + name);
    if (features != null) {
      if (features.size() != model.featureCount()) {
        throw new ModelException("Model '" + name + "' option 'features' names " + features.size()
            + " features but the query trains " + model.featureCount());
      }
      model = new Model(model.type(), features, model.weights(), model.intercept(), model.mean(), model.scale(),
          model.centroids());
    }
    if (path != null) {
      write(model);
    }
    synchronized (catalog) {
      int version = catalog.model(name).map(Catalog.Model::version).orElse(0) + 1;
      java.util.Map<String, String> options = new java.util.LinkedHashMap<>(ModelWriter.options(model));
      catalog.putModel(new Catalog.Model(name, options, version, Instant.now()));
    }
  }

  /** Writes the model file next to itself first, so a reader never sees half a file. */
  private void write(Model model) {
    try {
      Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
      Files.writeString(temporary, ModelWriter.file(model));
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write model '" + name + "' to " + path + ": " + e.getMessage(), e);
    }
  }
}
