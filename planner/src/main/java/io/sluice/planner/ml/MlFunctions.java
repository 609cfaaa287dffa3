package io.sluice.planner.ml;

import io.sluice.planner.Catalog;
import io.sluice.udf.ml.ModelType;
import java.util.List;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/** The machine-learning functions of one session: PREDICT_LOGREG, PREDICT_LINREG, PREDICT_SVM, PREDICT_KMEANS. */
public final class MlFunctions {
  /** The scoring functions' names, for SHOW FUNCTIONS. */
  public static final List<String> NAMES = List.of("PREDICT_KMEANS", "PREDICT_LINREG", "PREDICT_LOGREG", "PREDICT_SVM");

  private MlFunctions() {}

  /** An operator table whose PREDICT_* functions resolve models in {@code catalog}. */
  public static SqlOperatorTable operatorTable(Catalog catalog) {
    return SqlOperatorTables.of(
        new PredictFunction("PREDICT_LOGREG", ModelType.LOGISTIC_REGRESSION, catalog),
        new PredictFunction("PREDICT_LINREG", ModelType.LINEAR_REGRESSION, catalog),
        new PredictFunction("PREDICT_SVM", ModelType.LINEAR_SVM, catalog),
        new PredictFunction("PREDICT_KMEANS", ModelType.KMEANS, catalog));
  }

  /** The scoring function for models of {@code type}. */
  static String functionFor(ModelType type) {
    return switch (type) {
      case LOGISTIC_REGRESSION -> "PREDICT_LOGREG";
      case LINEAR_REGRESSION -> "PREDICT_LINREG";
      case LINEAR_SVM -> "PREDICT_SVM";
      case KMEANS -> "PREDICT_KMEANS";
    };
  }
}
