package io.sluice.runtime.exec;

import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.runtime.operator.OperatorFactory;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cut of a plan into fragments for parallel execution. A parallel fragment runs as
 * {@code parallelism} instances (splittable scans, stateless nodes over them, keyed
 * operators); a serial one as a single instance (other leaves, global aggregates, sorts,
 * limits, sinks that cannot be written concurrently). Fragments meet at exchanges: the
 * input of a keyed operator is hash-partitioned on its keys, and a parallel fragment feeding
 * a serial one is gathered. A subplan the plan uses more than once (the planner shares equal
 * subtrees, such as a CTE read twice) runs once, as a fragment with one output per use; a use
 * that needs no repartitioning is fed instance to instance (forward).
 */
final class Fragments {
  /** One fragment: a plan subtree (or just the sink), its instance count and its exchanges. */
  static final class Fragment {
    final boolean parallel;
    final int instances;
    /** The fragment's top plan node, or null for a fragment holding only the sink. */
    final PlanNode root;
    /** Exchanges feeding inputs of this fragment's nodes, by node (identity) and input index. */
    final Map<PlanNode, Map<Integer, Exchange>> cuts = new IdentityHashMap<>();
    /** The exchange feeding the sink of a sink-only fragment. */
    Exchange rootInput;
    /** Where this fragment's output goes (one exchange per use of its root); empty for the fragment holding the sink. */
    final List<Exchange> outputs = new ArrayList<>();

    Fragment(boolean parallel, int parallelism, PlanNode root) {
      this.parallel = parallel;
      this.instances = parallel ? parallelism : 1;
      this.root = root;
    }

    Exchange cut(PlanNode node, int input) {
      Map<Integer, Exchange> inputs = cuts.get(node);
      return inputs == null ? null : inputs.get(input);
    }
  }

  /**
   * An exchange: one channel per receiving instance, each fed by every sending instance, or
   * (forward) by the sending instance of the same number only.
   */
  record Exchange(Schema schema, int[] keys, List<Channel> channels, boolean forward) {
    static Exchange between(Fragment from, Fragment to, Schema schema, int[] keys) {
      // Without keys, many receivers can only be fed one to one, by as many senders.
      boolean forward = keys == null && to.instances > 1;
      if (forward && from.instances != to.instances) {
        throw new IllegalStateException("a forward exchange needs as many senders as receivers");
      }
      List<Channel> channels = new ArrayList<>();
      for (int i = 0; i < to.instances; i++) {
        channels.add(new Channel(forward ? 1 : from.instances));
      }
      Exchange exchange = new Exchange(schema, keys, channels, forward);
      from.outputs.add(exchange);
      return exchange;
    }
  }

  private final OperatorFactory factory;
  private final int parallelism;
  private final List<Fragment> fragments = new ArrayList<>();
  private final Map<PlanNode, Boolean> parallel = new IdentityHashMap<>();
  /** How many plan edges lead to each node: more than one makes it a shared subplan. */
  private final Map<PlanNode, Integer> uses = new IdentityHashMap<>();
  /** The fragment each shared subplan runs in, as that fragment's root. */
  private final Map<PlanNode, Fragment> sharedRoots = new IdentityHashMap<>();

  private Fragments(OperatorFactory factory, int parallelism) {
    this.factory = factory;
    this.parallelism = parallelism;
  }

  /** Cuts {@code root}; the first fragment returned is the one holding the sink. */
  static List<Fragment> cut(PlanNode root, boolean parallelSink, OperatorFactory factory, int parallelism) {
    Fragments cutter = new Fragments(factory, parallelism);
    cutter.countUses(root);
    boolean rootParallel = cutter.isParallel(root);
    if (rootParallel && !parallelSink) {
      Fragment sinkOnly = cutter.add(new Fragment(false, parallelism, null));
      Fragment top = cutter.add(new Fragment(true, parallelism, root));
      sinkOnly.rootInput = Exchange.between(top, sinkOnly, root.schema(), null);
      cutter.assign(root, top);
    } else {
      cutter.assign(root, cutter.add(new Fragment(rootParallel, parallelism, root)));
    }
    return cutter.fragments;
  }

  private Fragment add(Fragment fragment) {
    fragments.add(fragment);
    return fragment;
  }

  private void countUses(PlanNode node) {
    if (uses.merge(node, 1, Integer::sum) == 1) {
      node.inputs().forEach(this::countUses);
    }
  }

  private void assign(PlanNode node, Fragment fragment) {
    List<int[]> keys = Partitioning.keysOf(node);
    for (int i = 0; i < node.inputs().size(); i++) {
      PlanNode child = node.inputs().get(i);
      boolean childParallel = isParallel(child);
      boolean shared = uses.get(child) > 1;
      if (keys == null && childParallel == fragment.parallel && !shared) {
        assign(child, fragment);
        continue;
      }
      // A keyed node partitions its input by key; a serial node gathers a parallel input; a
      // shared subplan runs in one fragment of its own, feeding each of its uses.
      Fragment below = shared ? sharedRoots.get(child) : null;
      boolean fresh = below == null;
      if (fresh) {
        below = add(new Fragment(childParallel, parallelism, child));
        if (shared) {
          sharedRoots.put(child, below);
        }
      }
      Exchange exchange = Exchange.between(below, fragment, child.schema(), keys == null ? null : keys.get(i));
      fragment.cuts.computeIfAbsent(node, n -> new java.util.HashMap<>()).put(i, exchange);
      if (fresh) {
        assign(child, below);
      }
    }
  }

  /** Whether the node runs as parallel instances: splittable leaves, keyed nodes, stateless nodes over parallel inputs. */
  private boolean isParallel(PlanNode node) {
    Boolean known = parallel.get(node);
    if (known != null) {
      return known;
    }
    boolean result;
    if (node.inputs().isEmpty()) {
      result = factory.splittable(node);
    } else if (Partitioning.keysOf(node) != null) {
      result = true;
    } else if (Partitioning.isStateless(node)) {
      result = node.inputs().stream().allMatch(this::isParallel);
    } else {
      result = false;
    }
    parallel.put(node, result);
    return result;
  }
}
