package io.sluice.planner.ml;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.ScalarOp;
import io.sluice.plan.TypeKind;
import io.sluice.udf.UserFunction;
import io.sluice.udf.ml.ModelValues;

import io.sluice.planner.Catalog;
import io.sluice.udf.ml.Model;
import io.sluice.udf.ml.ModelException;
import io.sluice.udf.ml.ModelLoader;
import io.sluice.udf.ml.ModelType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * A variadic model-scoring function, {@code PREDICT_xxx('model', x1, ..., xn)}, bound to one
 * session's catalog.
 *
 * <p>Validation resolves the model and checks the feature count and types, so errors point at
 * the query text. Lowering ({@link #expand}) replaces the call by plain arithmetic over the
 * features with the model's coefficients as DOUBLE literals, which the runtime compiles into
 * its generated Calc loop like any other expression: the model is fixed when the query is
 * planned, and scoring allocates nothing per row.
 */
public final class PredictFunction extends SqlFunction {
  private final ModelType modelType;
  private final Catalog catalog;

  PredictFunction(String name, ModelType modelType, Catalog catalog) {
    super(name, SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(modelType == ModelType.KMEANS ? SqlTypeName.INTEGER : SqlTypeName.DOUBLE)
            .andThen(SqlTypeTransforms.TO_NULLABLE),
        null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.modelType = modelType;
    this.catalog = catalog;
  }

  @Override
  public SqlOperandTypeChecker getOperandTypeChecker() {
    return new Checker();
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.from(2);
  }

  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    return new Checker().checkOperandTypes(binding, throwOnFailure);
  }

  /** The model called {@code name}, loaded now (so a changed model file takes effect at the next plan). */
  Model model(String name, SqlParserPos pos) {
    Catalog.Model declared = catalog.model(name).orElseThrow(() -> error(pos,
        "Model '" + name + "' does not exist; declare it with CREATE MODEL (models: "
            + catalog.models().stream().map(Catalog.Model::name).toList() + ")"));
    try {
      return ModelLoader.fromOptions(declared.options());
    } catch (ModelException e) {
      throw error(pos, "Model '" + name + "' cannot be loaded: " + e.getMessage());
    }
  }

  private static CalciteContextException error(SqlParserPos pos, String message) {
    return new CalciteContextException(message, new SqlValidatorException(message, null),
        pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
  }

  /** Checks the model name, the model's type, the feature count and that features are numeric. */
  private final class Checker implements SqlOperandTypeChecker {
    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      SqlNode nameNode = binding.operand(0);
      String name = nameNode instanceof SqlLiteral literal && SqlTypeUtil.inCharFamily(binding.getOperandType(0))
          ? literal.getValueAs(String.class) : null;
      if (name == null && SqlTypeUtil.inCharFamily(binding.getOperandType(0)) && !(nameNode instanceof SqlLiteral)) {
        return checkModelValue(binding);
      }
      if (name == null) {
        throw error(nameNode.getParserPosition(), "The first argument of " + getName()
            + " must be the model name as a string literal, e.g. 'fraud', or a model value (a VARCHAR such as a"
            + " TRAIN_* result)");
      }
      Model model = model(name, nameNode.getParserPosition());
      if (model.type() != modelType) {
        throw error(nameNode.getParserPosition(), getName() + " needs a " + modelType.externalName()
            + " model but '" + name + "' is " + model.type().externalName() + "; use "
            + MlFunctions.functionFor(model.type()));
      }
      int given = binding.getOperandCount() - 1;
      if (given != model.featureCount()) {
        throw error(binding.getCall().getParserPosition(), "Model '" + name + "' has " + model.featureCount()
            + " features " + model.features() + " but " + getName() + " got " + given + "; pass one argument per feature");
      }
      for (int i = 1; i <= given; i++) {
        RelDataType type = binding.getOperandType(i);
        if (!SqlTypeUtil.isNumeric(type) && type.getSqlTypeName() != SqlTypeName.NULL) {
          throw error(binding.operand(i).getParserPosition(), "Argument " + (i + 1) + " of " + getName()
              + " (feature '" + model.features().get(i - 1) + "') is " + type.getSqlTypeName()
              + "; features must be numeric (CAST it)");
        }
      }
      return true;
    }

    /** A model value is only known when the query runs: check what can be checked now. */
    private boolean checkModelValue(SqlCallBinding binding) {
      int given = binding.getOperandCount() - 1;
      if (given > ModelValues.MAX_FEATURES) {
        throw error(binding.getCall().getParserPosition(), getName() + " over a model value takes at most "
            + ModelValues.MAX_FEATURES + " features, got " + given + "; declare the model with CREATE MODEL instead");
      }
      for (int i = 1; i <= given; i++) {
        RelDataType type = binding.getOperandType(i);
        if (!SqlTypeUtil.isNumeric(type) && type.getSqlTypeName() != SqlTypeName.NULL) {
          throw error(binding.operand(i).getParserPosition(), "Argument " + (i + 1) + " of " + getName() + " is "
              + type.getSqlTypeName() + "; features must be numeric (CAST it)");
        }
      }
      return true;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.from(2);
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
      return opName + "('model', <NUMERIC>, ...)";
    }
  }

  /**
   * Whether {@code modelOperand} names a catalog model; otherwise it is a model value, which
   * may have been folded into a literal (a NULL, or a constant model text) during planning.
   */
  public boolean namesCatalogModel(RexNode modelOperand) {
    return modelOperand instanceof RexLiteral literal && !literal.isNull()
        && catalog.model(literal.getValueAs(String.class)).isPresent();
  }

  /**
   * The call scoring {@code operands} (the model value, then the features) with the model text
   * each row carries: {@link ModelValues#predict}, parsed once per distinct text.
   */
  public ExprSpec modelValueCall(List<ExprSpec> operands, DataType type) {
    List<ExprSpec> arguments = new ArrayList<>();
    arguments.add(new ExprSpec.Literal(getName(), DataType.of(TypeKind.VARCHAR).withNullable(false)));
    arguments.add(operands.get(0));
    List<Class<?>> parameters = new ArrayList<>(List.of(String.class, String.class));
    for (ExprSpec feature : operands.subList(1, operands.size())) {
      DataType doubleType = DataType.of(TypeKind.DOUBLE).withNullable(feature.type().nullable());
      arguments.add(feature.type().kind() == TypeKind.DOUBLE ? feature
          : new ExprSpec.Call(ScalarOp.CAST, List.of(feature), doubleType));
      parameters.add(double.class);
    }
    try {
      java.lang.reflect.Method method = ModelValues.class.getMethod("predict", parameters.toArray(Class<?>[]::new));
      return new ExprSpec.UserCall(UserFunction.of(getName(), ModelValues.class), method, arguments, type);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("validation admits at most " + ModelValues.MAX_FEATURES + " features", e);
    }
  }

  /** The arithmetic that scores {@code call} with its model's coefficients inlined. */
  public RexNode expand(RexBuilder rex, RexCall call) {
    String name = ((RexLiteral) call.getOperands().get(0)).getValueAs(String.class);
    Model model = model(name, SqlParserPos.ZERO);
    List<RexNode> features = call.getOperands().subList(1, call.getOperands().size());
    List<RexNode> z = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      RexNode x = features.get(i);
      RelDataType doubleType = rex.getTypeFactory().createTypeWithNullability(
          rex.getTypeFactory().createSqlType(SqlTypeName.DOUBLE), x.getType().isNullable());
      RexNode value = rex.makeCast(doubleType, x);
      if (model.hasScaler()) {
        value = call(rex, SqlStdOperatorTable.DIVIDE, call(rex, SqlStdOperatorTable.MINUS, value,
            literal(rex, model.mean()[i])), literal(rex, model.scale()[i]));
      }
      z.add(value);
    }
    RexNode result = switch (model.type()) {
      case LOGISTIC_REGRESSION -> call(rex, SqlStdOperatorTable.DIVIDE, literal(rex, 1.0),
          call(rex, SqlStdOperatorTable.PLUS, literal(rex, 1.0),
              rex.makeCall(SqlStdOperatorTable.EXP, rex.makeCall(SqlStdOperatorTable.UNARY_MINUS, linear(rex, model, z)))));
      case LINEAR_REGRESSION, LINEAR_SVM -> linear(rex, model, z);
      case KMEANS -> nearestCentroid(rex, model, z, features);
    };
    if (!result.getType().equals(call.getType())) {
      result = rex.makeCast(call.getType(), result);
    }
    return result;
  }

  /** {@code w1*z1 + w2*z2 + ... + b}, summed left to right. */
  private static RexNode linear(RexBuilder rex, Model model, List<RexNode> z) {
    RexNode sum = null;
    for (int i = 0; i < z.size(); i++) {
      RexNode term = call(rex, SqlStdOperatorTable.MULTIPLY, literal(rex, model.weights()[i]), z.get(i));
      sum = sum == null ? term : call(rex, SqlStdOperatorTable.PLUS, sum, term);
    }
    return call(rex, SqlStdOperatorTable.PLUS, sum, literal(rex, model.intercept()));
  }

  /**
   * The index of the centroid at the least squared Euclidean distance, the lowest index on
   * ties, as a CASE over pairwise comparisons; NULL when any feature is NULL.
   */
  private static RexNode nearestCentroid(RexBuilder rex, Model model, List<RexNode> z, List<RexNode> features) {
    double[][] centroids = model.centroids();
    int k = centroids.length;
    List<RexNode> distances = new ArrayList<>();
    for (double[] centroid : centroids) {
      RexNode sum = null;
      for (int i = 0; i < z.size(); i++) {
        RexNode diff = call(rex, SqlStdOperatorTable.MINUS, z.get(i), literal(rex, centroid[i]));
        RexNode square = call(rex, SqlStdOperatorTable.MULTIPLY, diff, diff);
        sum = sum == null ? square : call(rex, SqlStdOperatorTable.PLUS, sum, square);
      }
      distances.add(sum);
    }
    RelDataType intType = rex.getTypeFactory().createTypeWithNullability(
        rex.getTypeFactory().createSqlType(SqlTypeName.INTEGER), true);
    List<RexNode> caseOperands = new ArrayList<>();
    List<RexNode> nullChecks = new ArrayList<>();
    for (RexNode feature : features) {
      if (feature.getType().isNullable()) {
        nullChecks.add(rex.makeCall(SqlStdOperatorTable.IS_NULL, feature));
      }
    }
    if (!nullChecks.isEmpty()) {
      caseOperands.add(nullChecks.size() == 1 ? nullChecks.get(0) : rex.makeCall(SqlStdOperatorTable.OR, nullChecks));
      caseOperands.add(rex.makeNullLiteral(intType));
    }
    for (int c = 0; c < k - 1; c++) {
      List<RexNode> wins = new ArrayList<>();
      for (int other = c + 1; other < k; other++) {
        wins.add(rex.makeCall(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, distances.get(c), distances.get(other)));
      }
      caseOperands.add(wins.size() == 1 ? wins.get(0) : rex.makeCall(SqlStdOperatorTable.AND, wins));
      caseOperands.add(rex.makeExactLiteral(BigDecimal.valueOf(c), intType));
    }
    caseOperands.add(rex.makeExactLiteral(BigDecimal.valueOf(k - 1), intType));
    return caseOperands.size() == 1 ? caseOperands.get(0) : rex.makeCall(SqlStdOperatorTable.CASE, caseOperands);
  }

  private static RexNode call(RexBuilder rex, SqlOperator op, RexNode left, RexNode right) {
    return rex.makeCall(op, left, right);
  }

  private static RexNode literal(RexBuilder rex, double value) {
    return rex.makeApproxLiteral(new BigDecimal(value));
  }
}
