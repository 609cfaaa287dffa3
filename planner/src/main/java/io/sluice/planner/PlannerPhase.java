package io.sluice.planner;

import io.sluice.planner.rules.SluiceRules;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.CoreRules;

/**
 * The named rewrite phases a query goes through after SQL-to-relational conversion, in
 * order; {@code EXPLAIN} and tests can stop after any of them.
 */
public enum PlannerPhase {
  /** Subqueries in WHERE/SELECT/ON become joins and correlations. */
  SUBQUERY_REMOVAL(List.of(
      CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
      CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
      CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)),

  /** OVER aggregates in projections become Window nodes, so they lower to one operator per window. */
  OVER_WINDOWS(List.of(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)),

  /** Constant folding, filter pushdown towards the sources, merging, set operations to aggregates. */
  LOGICAL_REWRITE(List.of(
      CoreRules.FILTER_REDUCE_EXPRESSIONS,
      CoreRules.PROJECT_REDUCE_EXPRESSIONS,
      CoreRules.JOIN_REDUCE_EXPRESSIONS,
      CoreRules.FILTER_MERGE,
      CoreRules.FILTER_PROJECT_TRANSPOSE,
      CoreRules.FILTER_INTO_JOIN,
      CoreRules.JOIN_CONDITION_PUSH,
      // Casts in join keys move into projections below the join so the keys hash.
      CoreRules.JOIN_PUSH_EXPRESSIONS,
      CoreRules.FILTER_AGGREGATE_TRANSPOSE,
      CoreRules.FILTER_SET_OP_TRANSPOSE,
      CoreRules.PROJECT_JOIN_TRANSPOSE,
      CoreRules.PROJECT_MERGE,
      CoreRules.PROJECT_REMOVE,
      CoreRules.AGGREGATE_PROJECT_MERGE,
      CoreRules.UNION_MERGE,
      CoreRules.UNION_TO_DISTINCT,
      CoreRules.INTERSECT_TO_DISTINCT,
      CoreRules.MINUS_TO_DISTINCT)),

  /** Filters move into scans; scans narrow to the columns read above them. */
  SOURCE_PUSHDOWN(List.of(
      SluiceRules.FILTER_INTO_SCAN,
      SluiceRules.PROJECT_INTO_SCAN,
      SluiceRules.AGGREGATE_INTO_SCAN));

  private final List<RelOptRule> rules;

  PlannerPhase(List<RelOptRule> rules) {
    this.rules = rules;
  }

  public List<RelOptRule> rules() {
    return rules;
  }
}
