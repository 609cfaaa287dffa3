package io.sluice.runtime.operator;

/**
 * A capability of operators whose output can be complete before their input ends (LIMIT):
 * once satisfied, the job stops feeding them, ends their input, and can stop reading the
 * sources upstream, so that a limit over an unbounded source terminates.
 */
public interface Satisfiable {
  /** True once no further input can change the operator's output. */
  boolean isSatisfied();
}
