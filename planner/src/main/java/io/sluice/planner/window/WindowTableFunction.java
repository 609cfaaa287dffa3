package io.sluice.planner.window;

import io.sluice.plan.WindowKind;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.TableCharacteristic;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * A window table function with Flink's signature and columns: {@code TUMBLE}, {@code HOP},
 * {@code CUMULATE} and {@code SESSION} append {@code window_start}, {@code window_end} and
 * {@code window_time} (= window_end - 1 ms, the window's event time) to their input table.
 *
 * <p>{@code SESSION} takes its table with set semantics, so {@code TABLE t PARTITION BY k}
 * validates; the other kinds take theirs row by row.
 */
public final class WindowTableFunction extends SqlWindowTableFunction {
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String WINDOW_TIME = "window_time";

  public static final WindowTableFunction TUMBLE = new WindowTableFunction(WindowKind.TUMBLE,
      List.of("DATA", "TIMECOL", "SIZE", "OFFSET"), 3);
  public static final WindowTableFunction HOP = new WindowTableFunction(WindowKind.HOP,
      List.of("DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"), 4);
  public static final WindowTableFunction CUMULATE = new WindowTableFunction(WindowKind.CUMULATE,
      List.of("DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"), 4);
  public static final WindowTableFunction SESSION = new WindowTableFunction(WindowKind.SESSION,
      List.of("DATA", "TIMECOL", "KEY", "GAP"), 3);

  public static final List<WindowTableFunction> ALL = List.of(TUMBLE, HOP, CUMULATE, SESSION);

  private final WindowKind kind;

  private WindowTableFunction(WindowKind kind, List<String> parameters, int mandatory) {
    super(kind.name(), new Operands(kind, parameters, mandatory));
    this.kind = kind;
  }

  public WindowKind kind() {
    return kind;
  }

  @Override
  public SqlReturnTypeInference getRowTypeInference() {
    return binding -> {
      RelDataTypeFactory types = binding.getTypeFactory();
      RelDataType time = types.createSqlType(SqlTypeName.TIMESTAMP, 3);
      return types.builder()
          .kind(binding.getOperandType(0).getStructKind())
          .addAll(binding.getOperandType(0).getFieldList())
          .add(WINDOW_START, time)
          .add(WINDOW_END, time)
          .add(WINDOW_TIME, time)
          .build();
    };
  }

  @Override
  public TableCharacteristic tableCharacteristic(int ordinal) {
    if (ordinal != 0) {
      return null;
    }
    TableCharacteristic.Semantics semantics = kind == WindowKind.SESSION
        ? TableCharacteristic.Semantics.SET : TableCharacteristic.Semantics.ROW;
    return TableCharacteristic.builder(semantics).passColumnsThrough().pruneIfEmpty().build();
  }

  /** Operand checks with messages that name the function, the parameter and what to write instead. */
  private static final class Operands implements SqlOperandMetadata {
    private final WindowKind kind;
    private final List<String> parameters;
    private final int mandatory;

    Operands(WindowKind kind, List<String> parameters, int mandatory) {
      this.kind = kind;
      this.parameters = parameters;
      this.mandatory = mandatory;
    }

    @Override
    public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
      return parameters.stream().map(p -> typeFactory.createSqlType(SqlTypeName.ANY)).toList();
    }

    @Override
    public List<String> paramNames() {
      return parameters;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.between(mandatory, parameters.size());
    }

    @Override
    public boolean isOptional(int i) {
      return kind == WindowKind.SESSION ? i == 2 : i >= mandatory;
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
      return switch (kind) {
        case TUMBLE -> "TUMBLE(TABLE table, DESCRIPTOR(time_column), size [, offset])";
        case HOP -> "HOP(TABLE table, DESCRIPTOR(time_column), slide, size [, offset])";
        case CUMULATE -> "CUMULATE(TABLE table, DESCRIPTOR(time_column), step, max_size [, offset])";
        case SESSION -> "SESSION(TABLE table [PARTITION BY key, ...], DESCRIPTOR(time_column), gap)";
      };
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      SqlCall call = binding.getCall();
      checkTimeColumn(binding, call.operand(1));
      if (kind == WindowKind.SESSION) {
        if (call.operandCount() == 4) {
          checkKeyColumns(binding, call.operand(2));
        }
        interval(call.operand(call.operandCount() - 1), "gap", false);
        return true;
      }
      long[] lengths = new long[call.operandCount()];
      for (int i = 2; i < call.operandCount(); i++) {
        boolean offset = i >= mandatory;
        lengths[i] = interval(call.operand(i), parameters.get(i).toLowerCase(java.util.Locale.ROOT), offset);
      }
      if (kind == WindowKind.HOP && lengths[3] % lengths[2] != 0) {
        throw error(call.operand(3), "HOP size (" + lengths[3] + " ms) must be a whole multiple of its slide ("
            + lengths[2] + " ms)");
      }
      if (kind == WindowKind.CUMULATE && lengths[3] % lengths[2] != 0) {
        throw error(call.operand(3), "CUMULATE max_size (" + lengths[3] + " ms) must be a whole multiple of its step ("
            + lengths[2] + " ms)");
      }
      return true;
    }

    private void checkTimeColumn(SqlCallBinding binding, SqlNode operand) {
      String usage = "the second argument of " + kind + " must be DESCRIPTOR(time_column)";
      if (operand.getKind() != SqlKind.DESCRIPTOR) {
        throw error(operand, usage.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + usage.substring(1));
      }
      List<SqlNode> columns = ((SqlCall) operand).getOperandList();
      if (columns.size() != 1 || !(columns.get(0) instanceof SqlIdentifier column) || !column.isSimple()) {
        throw error(operand, "DESCRIPTOR of " + kind + " must name exactly one column");
      }
      RelDataType table = binding.getOperandType(0);
      RelDataTypeField field = binding.getValidator().getCatalogReader().nameMatcher()
          .field(table, column.getSimple());
      if (field == null) {
        throw error(column, "Column '" + column.getSimple() + "' in DESCRIPTOR of " + kind
            + " is not a column of the input; it has " + table.getFieldNames());
      }
      if (field.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP) {
        throw error(column, "The time column '" + column.getSimple() + "' of " + kind + " must be a TIMESTAMP, not "
            + field.getType().getSqlTypeName().getName());
      }
    }

    private void checkKeyColumns(SqlCallBinding binding, SqlNode operand) {
      if (operand.getKind() != SqlKind.DESCRIPTOR) {
        throw error(operand, "The keys of SESSION must be DESCRIPTOR(column, ...) or TABLE t PARTITION BY column, ...");
      }
      RelDataType table = binding.getOperandType(0);
      for (SqlNode key : ((SqlCall) operand).getOperandList()) {
        if (!(key instanceof SqlIdentifier column) || !column.isSimple()) {
          throw error(key, "SESSION partitions by plain column names, not by " + key);
        }
        if (binding.getValidator().getCatalogReader().nameMatcher().field(table, column.getSimple()) == null) {
          throw error(key, "Column '" + column.getSimple() + "' in the partition keys of SESSION is not a column "
              + "of the input; it has " + table.getFieldNames());
        }
      }
    }

    private long interval(SqlNode operand, String parameter, boolean offset) {
      if (!(operand instanceof SqlIntervalLiteral literal)
          || !literal.getTypeName().getFamily().equals(SqlTypeFamily.INTERVAL_DAY_TIME)) {
        throw error(operand, "The " + parameter + " of " + kind
            + " must be a day-time interval literal such as INTERVAL '10' SECOND");
      }
      SqlIntervalLiteral.IntervalValue value = (SqlIntervalLiteral.IntervalValue) literal.getValue();
      long millis = value.getSign() * SqlParserUtil.intervalToMillis(value);
      if (!offset && millis <= 0) {
        throw error(operand, "The " + parameter + " of " + kind + " must be positive, not " + millis + " ms");
      }
      return millis;
    }

    private static CalciteContextException error(SqlNode node, String message) {
      SqlParserPos pos = node.getParserPosition();
      return new CalciteContextException(message, new SqlValidatorException(message, null),
          pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
    }
  }
}
