package io.github.gradpath.graph;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 3: {@link Network} to {@link ComputationGraph}. Each defined name becomes a node, each name it uses an
 * edge; an application that is not a whole right-hand side ({@code x_l + F_l(W_l x_l)}) becomes an intermediate
 * node named after its function, so gradients can say {@code ∂F_l/∂x_l}. Reports cycles and a loss that depends
 * on no parameter; warns about parameters and variables the loss never sees.
 */
public final class GraphBuilder {
    private final Network net;
    private final Source source;
    private final Diagnostics diags;
    private final List<ComputationGraph.Node> nodes = new ArrayList<>();
    private final NameIndex byName;
    // Per node, its children in first-written order, whether each edge is an identity and its coefficient: arrays,
    // not a map per node (a 100,000-layer network made 200,000 small maps and boxed every child id).
    private final List<int[]> kids = new ArrayList<>();
    private final List<boolean[]> idents = new ArrayList<>();
    private final List<Formula.Coefficient[]> coefs = new ArrayList<>();
    /** Scratch for {@link #collectEdges}: 1 + a child's place in the node being read, 0 when it has none yet. */
    private int[] place = new int[16];
    /** More scratch for {@link #collectEdges}, per child of the node being read (grown there). */
    private int[] scratchChild = new int[4], scratchCount = new int[4];
    private boolean[] scratchBare = new boolean[4];
    private Formula.Coefficient[] scratchK = new Formula.Coefficient[4];
    private final ArrayDeque<Formula> scratchStack = new ArrayDeque<>();

    private GraphBuilder(Network net, Diagnostics diags) {
        this.net = net;
        this.source = net.source();
        this.diags = diags;
        // Sized for the leaves and definitions (intermediates may add some): growing it from 16 entries rehashed
        // 210,000 names 14 times on a 100,000-layer network.
        int expected = net.inputs().size() + net.params().size() + net.definitions().size();
        this.byName = new NameIndex(expected + expected / 8 + 16);
    }

    public static Optional<ComputationGraph> build(Network net, Diagnostics diags) {
        return new GraphBuilder(net, diags).run();
    }

    private Optional<ComputationGraph> run() {
        for (Network.Leaf in : net.inputs()) add(in.id(), ComputationGraph.Kind.INPUT, in.pos(), null);
        for (Network.Leaf p : net.params()) add(p.id(), ComputationGraph.Kind.PARAM, p.pos(), null);
        // Reserve ids for defined nodes first, so a use may precede its definition in the file: consecutive, so
        // the i-th definition's id is known without looking its name up again.
        int first = nodes.size();
        for (Network.Definition d : net.definitions()) {
            ComputationGraph.Kind k = d == net.loss() ? ComputationGraph.Kind.LOSS : ComputationGraph.Kind.VARIABLE;
            add(d.target(), k, d.pos(), null);
        }
        List<Network.Definition> defs = net.definitions();
        for (int i = 0; i < defs.size(); i++) {
            Network.Definition d = defs.get(i);
            int id = first + i;
            Formula local = lower(d.formula(), true, d);
            if (local == null) continue;
            setLocal(id, local);
        }
        if (diags.hasErrors()) return Optional.empty();
        int n = nodes.size();
        int[][] children = new int[n][];
        boolean[][] identity = new boolean[n][];
        Formula.Coefficient[][] scale = new Formula.Coefficient[n][];
        int[] parentCount = new int[n];
        for (int v = 0; v < n; v++) {
            children[v] = kids.get(v);
            identity[v] = idents.get(v);
            scale[v] = coefs.get(v);
            for (int c : children[v]) parentCount[c]++;
        }
        int[][] parents = new int[n][];
        for (int v = 0; v < n; v++) parents[v] = new int[parentCount[v]];
        int[] fill = new int[n];
        for (int v = 0; v < n; v++) for (int c : children[v]) parents[c][fill[c]++] = v;
        int loss = byName.get(net.loss().target());
        int[] order = order(children, parents);
        if (order == null) return Optional.empty();
        ComputationGraph g = new ComputationGraph(net, nodes, children, identity, parents, loss, order, byName);
        g.setScales(scale);
        checkReach(g);
        return diags.hasErrors() ? Optional.empty() : Optional.of(g);
    }

    private int add(NodeId name, ComputationGraph.Kind kind, Pos pos, Formula local) {
        int id = nodes.size();
        nodes.add(new ComputationGraph.Node(id, name, kind, pos, local));
        byName.put(name, id);
        kids.add(NO_KIDS);
        idents.add(NO_IDENTS);
        coefs.add(NO_COEFS);
        return id;
    }

    private void setLocal(int id, Formula local) {
        ComputationGraph.Node old = nodes.get(id);
        nodes.set(id, new ComputationGraph.Node(id, old.name(), old.kind(), old.pos(), local));
        collectEdges(id, local);
    }

    /**
     * Replaces applications that are not the whole right-hand side by references to intermediate nodes.
     * Recursion here follows the nesting of one written expression, not the depth of the network. A formula
     * with nothing to replace is returned itself, not rebuilt: most right-hand sides ({@code a(w_k h_k)}) have
     * none, and the graph then shares them with the network instead of holding a second copy (on a
     * 100,000-layer network, 300,000 records the collector would copy again).
     */
    private Formula lower(Formula f, boolean whole, Network.Definition owner) {
        if (f instanceof Formula.Apply a) {
            Formula arg = lower(a.argument(), false, owner);
            if (arg == null) return null;
            Formula.Apply applied = arg == a.argument() ? a : new Formula.Apply(a.function(), arg, a.pos());
            if (whole) return applied;
            NodeId name = a.function();
            if (byName.get(name) >= 0) {
                diags.error(source, a.pos(), "the inner application `" + name + "(...)` would be a node named `" + name
                        + "`, but that name is already taken (line " + nodes.get(byName.get(name)).pos().line()
                        + "); give it a line of its own with a distinct name");
                return null;
            }
            int id = add(name, ComputationGraph.Kind.INTERMEDIATE, a.pos(), null);
            setLocal(id, applied);
            return new Formula.Ref(name, a.pos());
        }
        if (f instanceof Formula.Sum s) {
            List<Formula> ts = lowerAll(s.terms(), owner);
            return ts == null ? null : ts == s.terms() ? s : new Formula.Sum(ts, s.pos());
        }
        if (f instanceof Formula.Product p) {
            List<Formula> ts = lowerAll(p.factors(), owner);
            return ts == null ? null : ts == p.factors() ? p : new Formula.Product(ts, p.pos());
        }
        if (f instanceof Formula.Hadamard h) {
            List<Formula> ts = lowerAll(h.factors(), owner);
            return ts == null ? null : ts == h.factors() ? h : new Formula.Hadamard(ts, h.pos());
        }
        if (f instanceof Formula.Concat c) {
            List<Formula> ts = lowerAll(c.parts(), owner);
            return ts == null ? null : ts == c.parts() ? c : new Formula.Concat(ts, c.pos());
        }
        if (f instanceof Formula.Scale sc) {
            // `2 F(x)` as a whole right-hand side: F(x) is still a node of its own, so the coefficient shows.
            Formula x = lower(sc.operand(), false, owner);
            return x == null ? null : x == sc.operand() ? sc : new Formula.Scale(sc.coefficient(), x, sc.pos());
        }
        return f;
    }

    /** Each of {@code fs} lowered, in order; {@code fs} itself when none changed, null after an error. */
    private List<Formula> lowerAll(List<Formula> fs, Network.Definition owner) {
        List<Formula> ts = null;
        for (int i = 0; i < fs.size(); i++) {
            Formula t = fs.get(i);
            Formula x = lower(t, false, owner);
            if (x == null) return null;
            if (x != t && ts == null) ts = new ArrayList<>(fs.subList(0, i));
            if (ts != null) ts.add(x);
        }
        return ts == null ? fs : ts;
    }

    /** Nodes with fewer children than this share their all-false and all-null arrays. */
    private static final int SHARED = 9;
    private static final boolean[][] NO_IDENTITY = new boolean[SHARED][];
    private static final Formula.Coefficient[][] NO_COEFFICIENT = new Formula.Coefficient[SHARED][];

    static {
        for (int m = 0; m < SHARED; m++) {
            NO_IDENTITY[m] = new boolean[m];
            NO_COEFFICIENT[m] = new Formula.Coefficient[m];
        }
    }

    private static final int[] NO_KIDS = {};
    private static final boolean[] NO_IDENTS = {};
    private static final Formula.Coefficient[] NO_COEFS = {};

    /**
     * A child's edge is an identity exactly when the child is written once, as a bare term of the top-level sum
     * (or as the whole right-hand side); any other use makes its Jacobian a real factor. A child written once as
     * {@code c x} at the top level has the edge {@code c I}. Children are in the order first written.
     */
    private void collectEdges(int id, Formula local) {
        List<Formula> roots = local instanceof Formula.Sum s ? s.terms() : List.of(local);
        if (place.length < nodes.size()) place = java.util.Arrays.copyOf(place, Math.max(nodes.size(), 2 * place.length));
        // Scratch kept from node to node (a 100,000-layer network made 44 MB of it): only slots < m are read,
        // and each is written when it is taken.
        int[] child = scratchChild;
        int[] count = scratchCount;
        boolean[] bare = scratchBare;
        Formula.Coefficient[] k = scratchK;
        int m = 0;
        ArrayDeque<Formula> stack = scratchStack;
        for (Formula root : roots) {
            Formula.Coefficient scaled = null;
            Formula start = root;
            if (root instanceof Formula.Scale sc && sc.operand() instanceof Formula.Ref) {
                scaled = sc.coefficient();
                start = sc.operand();
            }
            // Pre-order, left to right, with an explicit stack: the order a reader meets the names in.
            stack.push(start);
            while (!stack.isEmpty()) {
                Formula f = stack.pop();
                if (f instanceof Formula.Ref r) {
                    int c = byName.get(r.node());
                    if (c < 0) continue; // the instantiator has reported it
                    int at = place[c] - 1;
                    if (at < 0) {
                        if (m == child.length) {
                            child = java.util.Arrays.copyOf(child, 2 * m);
                            count = java.util.Arrays.copyOf(count, 2 * m);
                            bare = java.util.Arrays.copyOf(bare, 2 * m);
                            k = java.util.Arrays.copyOf(k, 2 * m);
                        }
                        at = m++;
                        place[c] = at + 1;
                        child[at] = c;
                        count[at] = 0;
                        bare[at] = f == root;
                        k[at] = f == start ? scaled : null;
                    }
                    count[at]++;
                }
                else if (f instanceof Formula.Sum s) for (int i = s.terms().size() - 1; i >= 0; i--) stack.push(s.terms().get(i));
                else if (f instanceof Formula.Product p) for (int i = p.factors().size() - 1; i >= 0; i--) stack.push(p.factors().get(i));
                else if (f instanceof Formula.Apply a) stack.push(a.argument());
                else if (f instanceof Formula.Hadamard h) for (int i = h.factors().size() - 1; i >= 0; i--) stack.push(h.factors().get(i));
                else if (f instanceof Formula.Concat c) for (int i = c.parts().size() - 1; i >= 0; i--) stack.push(c.parts().get(i));
                else if (f instanceof Formula.Scale sc) stack.push(sc.operand());
            }
        }
        scratchChild = child;
        scratchCount = count;
        scratchBare = bare;
        scratchK = k;
        int[] cs = java.util.Arrays.copyOf(child, m);
        boolean[] ids = new boolean[m];
        Formula.Coefficient[] ks = new Formula.Coefficient[m];
        boolean anyIdentity = false, anyCoefficient = false;
        for (int i = 0; i < m; i++) {
            place[child[i]] = 0;
            // Written twice or more: the Jacobian is the sum of the uses, a real factor.
            ids[i] = count[i] == 1 && bare[i];
            ks[i] = count[i] == 1 ? k[i] : null;
            anyIdentity |= ids[i];
            anyCoefficient |= ks[i] != null;
        }
        kids.set(id, cs);
        // Most nodes have neither (`a(w_k h_k)`): one shared array per length instead of two per node (a
        // 100,000-layer graph held 220,000 of them, each copied by the collector). Only read after this.
        idents.set(id, anyIdentity || m >= SHARED ? ids : NO_IDENTITY[m]);
        coefs.set(id, anyCoefficient || m >= SHARED ? ks : NO_COEFFICIENT[m]);
    }

    /**
     * Kahn's algorithm from the loss down. Ties go to the node defined later in the file, so the order reads like
     * the textbook's rows (from the loss towards the input). A leftover means a cycle, named in full.
     */
    private int[] order(int[][] children, int[][] parents) {
        int n = nodes.size();
        int[] pending = new int[n];
        IntMaxHeap ready = new IntMaxHeap(n);
        for (int v = 0; v < n; v++) {
            pending[v] = parents[v].length;
            if (pending[v] == 0) ready.add(v);
        }
        int[] order = new int[n];
        int k = 0;
        while (!ready.isEmpty()) {
            int v = ready.poll();
            order[k++] = v;
            for (int c : children[v]) if (--pending[c] == 0) ready.add(c);
        }
        if (k == n) return order;
        // Every leftover node has a leftover user; walking users from any of them must revisit a node.
        int start = -1;
        for (int v = 0; v < n; v++) if (pending[v] > 0) { start = v; break; }
        Map<Integer, Integer> seenAt = new HashMap<>();
        List<Integer> walk = new ArrayList<>();
        int v = start;
        while (!seenAt.containsKey(v)) {
            seenAt.put(v, walk.size());
            walk.add(v);
            for (int p : parents[v]) if (pending[p] > 0) { v = p; break; }
        }
        List<Integer> cycle = new ArrayList<>(walk.subList(seenAt.get(v), walk.size()));
        StringBuilder sb = new StringBuilder();
        // walk follows users; print in the "x depends on y" direction a reader checks against the file.
        java.util.Collections.reverse(cycle);
        for (int x : cycle) sb.append(nodes.get(x).name()).append(" -> ");
        sb.append(nodes.get(cycle.get(0)).name());
        int at = cycle.stream().min((a, b) -> Integer.compare(nodes.get(a).pos().line(), nodes.get(b).pos().line())).get();
        diags.error(source, nodes.get(at).pos(), "cycle: " + sb + " (each uses the next)");
        return null;
    }

    /** A binary max-heap of ints: Kahn's queue on 100,000-node graphs without boxing. */
    private static final class IntMaxHeap {
        private final int[] a;
        private int size;

        IntMaxHeap(int capacity) { a = new int[Math.max(1, capacity)]; }

        boolean isEmpty() { return size == 0; }

        void add(int x) {
            int i = size++;
            a[i] = x;
            while (i > 0 && a[(i - 1) / 2] < a[i]) {
                int p = (i - 1) / 2;
                int t = a[p]; a[p] = a[i]; a[i] = t;
                i = p;
            }
        }

        int poll() {
            int top = a[0];
            a[0] = a[--size];
            int i = 0;
            while (true) {
                int l = 2 * i + 1, r = l + 1, m = i;
                if (l < size && a[l] > a[m]) m = l;
                if (r < size && a[r] > a[m]) m = r;
                if (m == i) return top;
                int t = a[m]; a[m] = a[i]; a[i] = t;
                i = m;
            }
        }
    }

    private void checkReach(ComputationGraph g) {
        boolean[] seen = Reach.from(g, g.loss());
        boolean anyParam = false;
        for (ComputationGraph.Node n : g.nodes()) {
            if (n.kind() == ComputationGraph.Kind.PARAM && seen[n.id()]) anyParam = true;
        }
        if (!anyParam) {
            diags.error(source, net.loss().pos(), "the loss `" + net.loss().target()
                    + "` depends on no parameter: there is nothing to differentiate");
            return;
        }
        for (ComputationGraph.Node n : g.nodes()) {
            if (seen[n.id()]) continue;
            if (n.kind() == ComputationGraph.Kind.PARAM) {
                diags.warning(source, n.pos(), "parameter `" + n.name() + "` never reaches the loss `"
                        + net.loss().target() + "`: its gradient is zero");
            } else if (n.kind() == ComputationGraph.Kind.VARIABLE) {
                diags.warning(source, n.pos(), "`" + n.name() + "` is computed but the loss does not depend on it");
            }
        }
    }
}
