package io.sluice.udf.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The solvers behind the TRAIN_* aggregates: each turns the data one group collected into a
 * {@link Model} (features named x1..xn, no scaler), deterministically.
 *
 * <p>Rows are packed as {@code n * (d + 1)} doubles, the d features then the target or label.
 * Labels are binary: 1 (or TRUE) is the positive class, anything else negative.
 */
public final class Training {
  /** Newton steps for logistic regression; it converges quadratically, so this is a safety cap. */
  private static final int NEWTON_STEPS = 100;
  /** Passes over the rows of the SVM's dual coordinate descent. */
  private static final int SVM_EPOCHS = 100_000;
  /** Lloyd iterations for k-means. */
  private static final int LLOYD_STEPS = 300;

  private Training() {}

  /**
   * Least squares with an intercept from the accumulated normal equations: {@code gram} is the
   * p x p matrix X'X (row-major) and {@code moment} X'y of the rows extended by a constant 1
   * feature (last), p = d + 1. Returns null when X'X is singular (fewer rows than
   * coefficients, or a constant or collinear feature).
   */
  public static Model linearRegression(double[] gram, double[] moment, int d) {
    int p = d + 1;
    double[] solution = solve(gram.clone(), moment.clone(), p);
    if (solution == null) {
      return null;
    }
    return new Model(ModelType.LINEAR_REGRESSION, featureNames(d), Arrays.copyOf(solution, d), solution[d], null, null,
        new double[0][]);
  }

  /**
   * Logistic regression minimising mean log-loss + (l2 / 2) |w|^2 (the intercept is not
   * penalised) by Newton's method with step halving, from w = 0, until the gradient's largest
   * component is below 1e-10. Null over no rows.
   */
  public static Model logisticRegression(double[] rows, int n, int d, double l2) {
    if (n == 0) {
      return null;
    }
    int p = d + 1;
    double[] beta = new double[p];
    double loss = logLoss(rows, n, d, beta, l2);
    double[] x = new double[p];
    for (int step = 0; step < NEWTON_STEPS; step++) {
      double[] gradient = new double[p];
      double[] hessian = new double[p * p];
      for (int r = 0; r < n; r++) {
        row(rows, r, d, x);
        double prob = sigmoid(dot(beta, x));
        double residual = prob - label(rows, r, d);
        double weight = prob * (1 - prob);
        for (int i = 0; i < p; i++) {
          gradient[i] += residual * x[i] / n;
          for (int j = 0; j <= i; j++) {
            hessian[i * p + j] += weight * x[i] * x[j] / n;
          }
        }
      }
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < i; j++) {
          hessian[j * p + i] = hessian[i * p + j];
        }
        if (i < d) {
          gradient[i] += l2 * beta[i];
          hessian[i * p + i] += l2;
        }
        // A tiny ridge keeps the system solvable when the data are separable and the weights grow.
        hessian[i * p + i] += 1e-12;
      }
      double largest = 0;
      for (double g : gradient) {
        largest = Math.max(largest, Math.abs(g));
      }
      if (largest < 1e-10) {
        break;
      }
      double[] direction = solve(hessian, gradient, p);
      if (direction == null) {
        break;
      }
      double scale = 1;
      double[] candidate = new double[p];
      double candidateLoss = Double.POSITIVE_INFINITY;
      for (int halving = 0; halving < 50; halving++) {
        for (int i = 0; i < p; i++) {
          candidate[i] = beta[i] - scale * direction[i];
        }
        candidateLoss = logLoss(rows, n, d, candidate, l2);
        if (candidateLoss <= loss) {
          break;
        }
        scale /= 2;
      }
      if (!(candidateLoss <= loss)) {
        break;
      }
      boolean moved = !Arrays.equals(beta, candidate);
      beta = candidate.clone();
      loss = candidateLoss;
      if (!moved) {
        break;
      }
    }
    return new Model(ModelType.LOGISTIC_REGRESSION, featureNames(d), Arrays.copyOf(beta, d), beta[d], null, null,
        new double[0][]);
  }

  /** Mean log-loss of {@code beta} plus the L2 penalty, computed stably from the decision values. */
  static double logLoss(double[] rows, int n, int d, double[] beta, double l2) {
    double[] x = new double[d + 1];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      row(rows, r, d, x);
      double z = dot(beta, x);
      // -log(sigmoid(z)) = log(1 + e^-z), and -log(1 - sigmoid(z)) = log(1 + e^z).
      double margin = label(rows, r, d) == 1 ? z : -z;
      sum += margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
    }
    double penalty = 0;
    for (int i = 0; i < d; i++) {
      penalty += beta[i] * beta[i];
    }
    return sum / n + l2 / 2 * penalty;
  }

  /**
   * A linear SVM minimising (l2 / 2) |w|^2 + mean hinge loss max(0, 1 - y (w . x + b)), y in
   * {-1, +1}, by dual coordinate descent (as liblinear does), visiting the rows in a pseudo-random order
   * with a fixed seed each pass, with the
   * intercept as the weight of a constant feature 1 (so it is penalised like the others, as in
   * liblinear); stops when the projected gradients span less than 1e-6. Null over no rows.
   */
  public static Model linearSvm(double[] rows, int n, int d, double l2) {
    if (n == 0) {
      return null;
    }
    int p = d + 1;
    double bound = 1 / (l2 * n);
    double[] w = new double[p];
    double[] alpha = new double[n];
    double[] diagonal = new double[n];
    double[] x = new double[p];
    for (int r = 0; r < n; r++) {
      row(rows, r, d, x);
      diagonal[r] = dot(x, x);
    }
    int[] order = new int[n];
    for (int r = 0; r < n; r++) {
      order[r] = r;
    }
    // A fixed seed keeps the result reproducible; visiting rows in a fresh order each pass
    // converges far faster than cycling in arrival order.
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261127);
    for (int epoch = 0; epoch < SVM_EPOCHS; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double maxProjected = Double.NEGATIVE_INFINITY;
      double minProjected = Double.POSITIVE_INFINITY;
      for (int visit = 0; visit < n; visit++) {
        int r = order[visit];
        row(rows, r, d, x);
        double y = label(rows, r, d) == 1 ? 1 : -1;
        double gradient = y * dot(w, x) - 1;
        double projected = alpha[r] == 0 ? Math.min(gradient, 0) : alpha[r] == bound ? Math.max(gradient, 0) : gradient;
        maxProjected = Math.max(maxProjected, projected);
        minProjected = Math.min(minProjected, projected);
        if (projected != 0 && diagonal[r] > 0) {
          double old = alpha[r];
          alpha[r] = Math.min(Math.max(old - gradient / diagonal[r], 0), bound);
          double change = (alpha[r] - old) * y;
          for (int i = 0; i < p; i++) {
            w[i] += change * x[i];
          }
        }
      }
      if (maxProjected - minProjected < 1e-6) {
        break;
      }
    }
    return new Model(ModelType.LINEAR_SVM, featureNames(d), Arrays.copyOf(w, d), w[d], null, null, new double[0][]);
  }

  /**
   * k-means over the rows (features only; the last packed column is ignored): the first centre
   * is the lexicographically smallest row, each next one the row farthest from the centres so
   * far (so the result does not depend on the rows' arrival order), then Lloyd iterations until
   * no row changes cluster. Fewer distinct rows than k give fewer centroids. Null over no rows.
   */
  public static Model kmeans(double[] rows, int n, int d, int k) {
    if (n == 0) {
      return null;
    }
    if (k < 1) {
      throw new ModelException("TRAIN_KMEANS needs k >= 1, got " + k);
    }
    int stride = d + 1;
    int first = 0;
    for (int r = 1; r < n; r++) {
      if (Arrays.compare(rows, r * stride, r * stride + d, rows, first * stride, first * stride + d) < 0) {
        first = r;
      }
    }
    List<double[]> centres = new ArrayList<>();
    centres.add(Arrays.copyOfRange(rows, first * stride, first * stride + d));
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    while (centres.size() < k) {
      double[] latest = centres.get(centres.size() - 1);
      int farthest = -1;
      double farthestDistance = 0;
      for (int r = 0; r < n; r++) {
        nearest[r] = Math.min(nearest[r], distance(rows, r * stride, latest, d));
        if (nearest[r] > farthestDistance) {
          farthestDistance = nearest[r];
          farthest = r;
        }
      }
      if (farthest < 0) {
        break;
      }
      centres.add(Arrays.copyOfRange(rows, farthest * stride, farthest * stride + d));
    }
    double[][] centroids = centres.toArray(new double[0][]);
    int[] assignment = new int[n];
    Arrays.fill(assignment, -1);
    for (int step = 0; step < LLOYD_STEPS; step++) {
      boolean changed = false;
      for (int r = 0; r < n; r++) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
          double dist = distance(rows, r * stride, centroids[c], d);
          if (dist < bestDistance) {
            bestDistance = dist;
            best = c;
          }
        }
        if (assignment[r] != best) {
          assignment[r] = best;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      double[][] sums = new double[centroids.length][d];
      long[] counts = new long[centroids.length];
      for (int r = 0; r < n; r++) {
        counts[assignment[r]]++;
        for (int j = 0; j < d; j++) {
          sums[assignment[r]][j] += rows[r * stride + j];
        }
      }
      for (int c = 0; c < centroids.length; c++) {
        if (counts[c] > 0) {
          for (int j = 0; j < d; j++) {
            centroids[c][j] = sums[c][j] / counts[c];
          }
        }
      }
    }
    return new Model(ModelType.KMEANS, featureNames(d), new double[0], 0, null, null, centroids);
  }

  /** The default feature names x1..xn of a trained model. */
  public static List<String> featureNames(int d) {
    List<String> names = new ArrayList<>(d);
    for (int i = 1; i <= d; i++) {
      names.add("x" + i);
    }
    return names;
  }

  private static double distance(double[] rows, int offset, double[] centre, int d) {
    double sum = 0;
    for (int j = 0; j < d; j++) {
      double diff = rows[offset + j] - centre[j];
      sum += diff * diff;
    }
    return sum;
  }

  /** Copies row {@code r}'s features into {@code x[0, d)} and a constant 1 into {@code x[d]}. */
  private static void row(double[] rows, int r, int d, double[] x) {
    System.arraycopy(rows, r * (d + 1), x, 0, d);
    x[d] = 1;
  }

  private static double label(double[] rows, int r, int d) {
    return rows[r * (d + 1) + d] == 1 ? 1 : 0;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /**
   * Solves the p x p system {@code a x = b} (row-major, both overwritten) by Gaussian
   * elimination with partial pivoting; null when a pivot is negligible (singular matrix).
   */
  static double[] solve(double[] a, double[] b, int p) {
    double norm = 0;
    for (double v : a) {
      norm = Math.max(norm, Math.abs(v));
    }
    double tolerance = norm * p * 1e-14;
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int r = col + 1; r < p; r++) {
        if (Math.abs(a[r * p + col]) > Math.abs(a[pivot * p + col])) {
          pivot = r;
        }
      }
      if (!(Math.abs(a[pivot * p + col]) > tolerance)) {
        return null;
      }
      if (pivot != col) {
        for (int c = 0; c < p; c++) {
          double t = a[col * p + c];
          a[col * p + c] = a[pivot * p + c];
          a[pivot * p + c] = t;
        }
        double t = b[col];
        b[col] = b[pivot];
        b[pivot] = t;
      }
      for (int r = col + 1; r < p; r++) {
        double factor = a[r * p + col] / a[col * p + col];
        if (factor != 0) {
          for (int c = col; c < p; c++) {
            a[r * p + c] -= factor * a[col * p + c];
          }
          b[r] -= factor * b[col];
        }
      }
    }
    double[] x = new double[p];
    for (int r = p - 1; r >= 0; r--) {
      double sum = b[r];
      for (int c = r + 1; c < p; c++) {
        sum -= a[r * p + c] * x[c];
      }
      x[r] = sum / a[r * p + r];
    }
    return x;
  }
}
