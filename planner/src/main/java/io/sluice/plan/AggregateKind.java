package io.sluice.plan;

/** The aggregate functions the runtime computes; NULL arguments are ignored by all but COUNT(*). */
public enum AggregateKind {
  /** COUNT(*) with no arguments, else the number of rows whose arguments are all non-NULL. */
  COUNT,
  /** NULL over no (non-NULL) rows. */
  SUM,
  /** Like SUM but 0 over no rows (Calcite's $SUM0). */
  SUM0,
  MIN,
  MAX,
  /** SUM / COUNT computed in the result type (integer division for exact integer results). */
  AVG,
  /** Population standard deviation, sqrt(VAR_POP); NULL over no rows. */
  STDDEV_POP,
  /** Sample standard deviation, sqrt(VAR_SAMP); NULL over fewer than two rows. */
  STDDEV_SAMP,
  /** Population variance: the mean squared deviation from the mean. */
  VAR_POP,
  /** Sample variance: squared deviations / (count - 1); NULL over fewer than two rows. */
  VAR_SAMP,
  /**
   * The approximate number of distinct non-NULL values, by a HyperLogLog sketch of 2^14
   * registers: relative standard error 1.04 / sqrt(2^14), about 0.81%.
   */
  APPROX_COUNT_DISTINCT,
  /**
   * The first non-NULL value: of the earliest row by event time in a window (the call's second
   * argument is the time column), else of the first row to arrive; ties go to the earlier arrival.
   */
  FIRST_VALUE,
  /** The last non-NULL value, ordered as for {@link #FIRST_VALUE}; ties go to the later arrival. */
  LAST_VALUE,
  /**
   * The approximate {@link AggregateCall#parameter()} quantile (in [0, 1]) of the non-NULL values,
   * in DOUBLE, by a mergeable sketch of at most a few thousand values per group: the rank of the
   * result is within 1% of the count (0.01 n) of the requested rank.
   */
  APPROX_PERCENTILE,

  // Two-argument statistics (y, x) over the rows where both are non-NULL, in doubles; NULL
  // where undefined (no rows, or zero variance where the formula divides by it).
  /** Least-squares slope of y on x: covar_pop / var_pop(x). */
  REGR_SLOPE,
  /** Least-squares intercept: avg(y) - slope * avg(x). */
  REGR_INTERCEPT,
  /** Coefficient of determination: corr^2; 1 when y is constant and x is not (as the SQL standard says). */
  REGR_R2,
  /** Number of rows where both arguments are non-NULL (BIGINT, 0 over no rows). */
  REGR_COUNT,
  /** Pearson correlation coefficient. */
  CORR,
  /** Population covariance. */
  COVAR_POP,
  /** Sample covariance; NULL over fewer than two rows. */
  COVAR_SAMP,

  // Binary classification metrics as scikit-learn names them: arguments (predicted, actual),
  // numeric or BOOLEAN, positive class 1 or TRUE; rows with a NULL argument are skipped.
  /** Fraction of rows where predicted equals actual. */
  ACCURACY_SCORE,
  /** tp / (tp + fp); 0 when nothing is predicted positive (scikit-learn's zero_division=0). */
  PRECISION_SCORE,
  /** tp / (tp + fn); 0 when there is no actual positive. */
  RECALL_SCORE,
  /** 2 tp / (2 tp + fp + fn); 0 when there are no positives at all. */
  F1_SCORE,
  /**
   * Mean of -(y ln p + (1 - y) ln(1 - p)) for arguments (probability, actual), with p clipped to
   * [1e-15, 1 - 1e-15] so a confident mistake costs about 34.5 rather than infinity.
   */
  LOG_LOSS,

  /**
   * A user aggregate function ({@code io.sluice.udf.spi.AggregateFunction}): one Java
   * accumulator object per group, fed boxed argument values; {@link AggregateCall#function}
   * names it.
   */
  USER,

  /**
   * Area under the ROC curve of (probability, actual), exact: the fraction of (positive,
   * negative) pairs ordered correctly by the scores, ties counting one half; NULL unless both
   * classes occur.
   */
  ROC_AUC_SCORE,

  // Training aggregates: (target or label or k, x1, ..., xn [, 'options']) -> VARCHAR holding the
  // trained model as a one-line YAML model (io.sluice.udf.ml.ModelWriter#flow); NULL when no model
  // can be fitted. The solvers are io.sluice.udf.ml.Training's.
  /** Least squares with an intercept, from the accumulated normal equations. */
  TRAIN_LINREG,
  /** Logistic regression minimising mean log-loss (+ optional L2) by Newton's method over the group's rows. */
  TRAIN_LOGREG,
  /** Linear SVM minimising L2-penalised mean hinge loss by dual coordinate descent over the group's rows. */
  TRAIN_SVM,
  /** k-means (k first) by farthest-point seeding and Lloyd iterations over the group's rows. */
  TRAIN_KMEANS
}
