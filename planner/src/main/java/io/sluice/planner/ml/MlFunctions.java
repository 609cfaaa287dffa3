package io.sluice.planner.ml;

import io.sluice.planner.Catalog;
import io.sluice.udf.ml.ModelType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/** The machine-learning functions of one session: PREDICT_* scoring, regression statistics and metrics. */
public final class MlFunctions {
  /** The scoring functions' names, for SHOW FUNCTIONS. */
  public static final List<String> NAMES = List.of("ACCURACY_SCORE", "CORR", "COVAR_POP", "COVAR_SAMP", "F1_SCORE",
      "LOG_LOSS", "PRECISION_SCORE", "PREDICT_KMEANS", "PREDICT_LINREG", "PREDICT_LOGREG", "PREDICT_SVM", "RECALL_SCORE",
      "REGR_COUNT", "REGR_INTERCEPT", "REGR_R2", "REGR_SLOPE", "ROC_AUC_SCORE", "TRAIN_KMEANS", "TRAIN_LINREG",
      "TRAIN_LOGREG", "TRAIN_SVM");

  private MlFunctions() {}

  /** An operator table whose PREDICT_* functions resolve models in {@code catalog}. */
  public static SqlOperatorTable operatorTable(Catalog catalog) {
    List<SqlOperator> operators = new ArrayList<>(MlAggFunction.ALL);
    operators.addAll(TrainAggFunction.ALL);
    operators.addAll(List.of(
        new PredictFunction("PREDICT_LOGREG", ModelType.LOGISTIC_REGRESSION, catalog),
        new PredictFunction("PREDICT_LINREG", ModelType.LINEAR_REGRESSION, catalog),
        new PredictFunction("PREDICT_SVM", ModelType.LINEAR_SVM, catalog),
        new PredictFunction("PREDICT_KMEANS", ModelType.KMEANS, catalog)));
    return SqlOperatorTables.of(operators);
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
