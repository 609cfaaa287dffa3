package io.sluice.udf.ml;

import io.sluice.udf.spi.ScalarFunction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PREDICT_* over a model value (a TRAIN_* aggregate's result or any model text column)
 * rather than a catalog model: the text is parsed once and cached, then the model scores the
 * row as the inlined form would. Up to {@link #MAX_FEATURES} features; a NULL model or
 * feature gives NULL.
 */
public final class ModelValues {
  /** The most features PREDICT_* over a model value takes. */
  public static final int MAX_FEATURES = 8;
  /** Parsed models by their text; cleared when it grows past this, since texts are few per query. */
  private static final int CACHE_LIMIT = 256;
  private static final Map<String, Model> CACHE = new ConcurrentHashMap<>();

  private ModelValues() {}

  @ScalarFunction
  public static Double predict(String function, String model, double x1) {
    return score(function, model, new double[] {x1});
  }

  @ScalarFunction
  public static Double predict(String function, String model, double x1, double x2) {
    return score(function, model, new double[] {x1, x2});
  }

  @ScalarFunction
  public static Double predict(String function, String model, double x1, double x2, double x3) {
    return score(function, model, new double[] {x1, x2, x3});
  }

  @ScalarFunction
  public static Double predict(String function, String model, double x1, double x2, double x3, double x4) {
    return score(function, model, new double[] {x1, x2, x3, x4});
  }

  @ScalarFunction
  public static Double predict(String function, String model, double x1, double x2, double x3, double x4, double x5) {
    return score(function, model, new double[] {x1, x2, x3, x4, x5});
  }

  @ScalarFunction
  public static Double predict(String function, String model, double x1, double x2, double x3, double x4, double x5, double x6) {
    return score(function, model, new double[] {x1, x2, x3, x4, x5, x6});
  }

  @ScalarFunction
  public static Double predict(String function, String model, double x1, double x2, double x3, double x4, double x5, double x6, double x7) {
    return score(function, model, new double[] {x1, x2, x3, x4, x5, x6, x7});
  }

  @ScalarFunction
  public static Double predict(String function, String model, double x1, double x2, double x3, double x4, double x5, double x6, double x7, double x8) {
    return score(function, model, new double[] {x1, x2, x3, x4, x5, x6, x7, x8});
  }

  /** The score of {@code x} by the model in {@code text}: a probability, a decision value or a cluster index. */
  static Double score(String function, String text, double[] x) {
    if (text == null) {
      return null;
    }
    Model model = CACHE.get(text);
    if (model == null) {
      model = ModelLoader.fromText(text, "the model value given to " + function);
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(text, model);
    }
    ModelType expected = switch (function) {
      case "PREDICT_LOGREG" -> ModelType.LOGISTIC_REGRESSION;
      case "PREDICT_LINREG" -> ModelType.LINEAR_REGRESSION;
      case "PREDICT_SVM" -> ModelType.LINEAR_SVM;
      default -> ModelType.KMEANS;
    };
    if (model.type() != expected) {
      throw new ModelException(function + " got a " + model.type().externalName() + " model value; it scores "
          + expected.externalName() + " models");
    }
    if (model.featureCount() != x.length) {
      throw new ModelException(function + " got " + x.length + " features but the model value has "
          + model.featureCount() + " " + model.features());
    }
    double[] z = x;
    if (model.hasScaler()) {
      z = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        z[i] = (x[i] - model.mean()[i]) / model.scale()[i];
      }
    }
    if (expected == ModelType.KMEANS) {
      int best = 0;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int c = 0; c < model.centroids().length; c++) {
        double distance = 0;
        for (int i = 0; i < z.length; i++) {
          double diff = z[i] - model.centroids()[c][i];
          distance += diff * diff;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      return (double) best;
    }
    double decision = 0;
    for (int i = 0; i < z.length; i++) {
      decision += model.weights()[i] * z[i];
    }
    decision += model.intercept();
    return expected == ModelType.LOGISTIC_REGRESSION ? 1 / (1 + Math.exp(-decision)) : decision;
  }
}
