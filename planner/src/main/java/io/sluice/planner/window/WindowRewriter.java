package io.sluice.planner.window;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * Rewrites two window forms that Calcite's validator and converter do not carry through,
 * in place and before validation:
 * <ul>
 *   <li>{@code SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap)} becomes
 *       {@code SESSION(TABLE t, DESCRIPTOR(ts), DESCRIPTOR(k), gap)}: the partition keys
 *       travel as a descriptor;</li>
 *   <li>{@code SESSION_END(ts, gap)} becomes {@code $SESSION_END(SESSION_START(ts, gap))}:
 *       Calcite converts both auxiliary functions to the same group key, so the marker tells
 *       the end from the start after conversion.</li>
 * </ul>
 */
public final class WindowRewriter {
  /** Marks a group-window session start that stands for the session's end. */
  public static final SqlFunction SESSION_END_MARKER = new SqlFunction("$SESSION_END", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG0, null, OperandTypes.DATETIME, SqlFunctionCategory.SYSTEM);

  private WindowRewriter() {}

  /** Rewrites {@code node} and everything under it. */
  public static SqlNode rewrite(SqlNode node) {
    SqlNode replaced = replacement(node);
    visitChildren(replaced);
    return replaced;
  }

  private static void visitChildren(SqlNode node) {
    if (node instanceof SqlNodeList list) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) != null) {
          list.set(i, rewrite(list.get(i)));
        }
      }
    } else if (node instanceof SqlCall call) {
      List<SqlNode> operands = call.getOperandList();
      for (int i = 0; i < operands.size(); i++) {
        SqlNode operand = operands.get(i);
        if (operand == null) {
          continue;
        }
        SqlNode rewritten = rewrite(operand);
        if (rewritten != operand) {
          call.setOperand(i, rewritten);
        }
      }
    }
  }

  private static SqlNode replacement(SqlNode node) {
    if (!(node instanceof SqlCall call) || call.getOperator() == null) {
      return node;
    }
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if (name.equals("SESSION") && call.operandCount() == 3
        && call.operand(0).getKind() == SqlKind.SET_SEMANTICS_TABLE) {
      SqlCall table = call.operand(0);
      SqlNodeList partition = table.operand(1);
      SqlNodeList order = table.operand(2);
      if (order != null && !order.isEmpty()) {
        throw error(order.getParserPosition(), "SESSION does not take an ORDER BY on its table; remove it");
      }
      SqlParserPos pos = partition.getParserPosition();
      SqlNode keys = new SqlBasicCall(SqlStdOperatorTable.DESCRIPTOR, partition.getList(), pos);
      return new SqlBasicCall(call.getOperator(), List.of(table.operand(0), call.operand(1), keys, call.operand(2)),
          call.getParserPosition(), call.getFunctionQuantifier());
    }
    if (name.equals("SESSION_END") && call.operandCount() == 2) {
      SqlParserPos pos = call.getParserPosition();
      SqlNode start = new SqlBasicCall(SqlStdOperatorTable.SESSION_START, call.getOperandList(), pos);
      return new SqlBasicCall(SESSION_END_MARKER, List.of(start), pos);
    }
    return node;
  }

  private static CalciteContextException error(SqlParserPos pos, String message) {
    return new CalciteContextException(message, new SqlValidatorException(message, null),
        pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
  }
}
