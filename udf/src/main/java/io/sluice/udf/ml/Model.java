package io.sluice.udf.ml;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * A loaded, validated model: its feature names and coefficients.
 *
 * <p>Linear models ({@code logistic_regression}, {@code linear_regression}, {@code linear_svm})
 * score {@code w . z + b} where {@code z = (x - mean) / scale} when a scaler is present and
 * {@code z = x} otherwise. A k-means model has {@code centroids} (in the same scaled space)
 * and no weights. The arrays are never modified after loading.
 *
 * @param weights one weight per feature; empty for k-means
 * @param mean the scaler's means, or null without a scaler
 * @param scale the scaler's scales (non-zero), or null without a scaler
 * @param centroids one row per cluster, one column per feature; empty for linear models
 */
public record Model(
    ModelType type, List<String> features, double[] weights, double intercept, double[] mean, double[] scale,
    double[][] centroids) {
  public Model {
    requireNonNull(type, "type is null");
    features = List.copyOf(features);
    requireNonNull(weights, "weights is null");
    requireNonNull(centroids, "centroids is null");
  }

  public int featureCount() {
    return features.size();
  }

  public boolean hasScaler() {
    return mean != null;
  }

  @Override
  public String toString() {
    return type.externalName() + " " + features + " weights=" + Arrays.toString(weights) + " intercept=" + intercept;
  }
}
