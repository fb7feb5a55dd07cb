package io.github.gradpath.dsl;

import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;

import java.util.List;
import java.util.Optional;

/** A parsed network file: the syntax tree, with positions, before indices are bound to values. */
public record NetworkSpec(Source source, String name, Pos pos, List<IndexDecl> indices, List<NameRef> inputs,
                          List<NameRef> params, List<Rule> rules, Optional<LossDecl> loss,
                          Optional<ShowDecl> show, List<LeafLoop> leafLoops, List<NameRef> scalars) {

    public NetworkSpec {
        scalars = List.copyOf(scalars);
    }

    public NetworkSpec(Source source, String name, Pos pos, List<IndexDecl> indices, List<NameRef> inputs,
                       List<NameRef> params, List<Rule> rules, Optional<LossDecl> loss, Optional<ShowDecl> show,
                       List<LeafLoop> leafLoops) {
        this(source, name, pos, indices, inputs, params, rules, loss, show, leafLoops, List.of());
    }

    public NetworkSpec(Source source, String name, Pos pos, List<IndexDecl> indices, List<NameRef> inputs,
                       List<NameRef> params, List<Rule> rules, Optional<LossDecl> loss, Optional<ShowDecl> show) {
        this(source, name, pos, indices, inputs, params, rules, loss, show, List.of());
    }

    /** {@code input x_t for t in 1..T;}: leaves declared once per value of the loop variables. */
    public record LeafLoop(List<NameRef> names, boolean input, List<ForClause> loops, Pos pos) {
        public LeafLoop {
            names = List.copyOf(names);
            loops = List.copyOf(loops);
        }
    }

    /** {@code index N, p, q : 1 <= p < q < N;} */
    public record IndexDecl(List<NameRef> symbols, List<Constraint> constraints, Pos pos) {}

    /** A chain of comparisons {@code a op b op c ...}. */
    public record Constraint(List<Linear> operands, List<String> operators, Pos pos) {
        /**
         * The first comparison that fails under {@code env}, as source-like text ({@code "p < q"}); empty when all
         * hold. {@code null} when a symbol has no value in {@code env}, so nothing can be said.
         */
        public java.util.Optional<String> violated(java.util.Map<String, Long> env) {
            for (int i = 0; i < operators.size(); i++) {
                Long a, b;
                try {
                    a = operands.get(i).eval(env);
                    b = operands.get(i + 1).eval(env);
                } catch (Linear.Overflow e) {
                    // Not decidable in 64 bits: the binding is not used (callers then look for another).
                    return java.util.Optional.of(operands.get(i) + " " + operators.get(i) + " " + operands.get(i + 1)
                            + " (overflows 64 bits)");
                }
                if (a == null || b == null) return null;
                if (!holds(a, operators.get(i), b)) {
                    return java.util.Optional.of(operands.get(i) + " " + operators.get(i) + " " + operands.get(i + 1));
                }
            }
            return java.util.Optional.empty();
        }

        public boolean holds(java.util.Map<String, Long> env) {
            java.util.Optional<String> v = violated(env);
            return v != null && v.isEmpty();
        }

        private static boolean holds(long a, String op, long b) {
            return switch (op) {
                case "<" -> a < b;
                case "<=" -> a <= b;
                case ">" -> a > b;
                case ">=" -> a >= b;
                case "==" -> a == b;
                case "!=" -> a != b;
                default -> throw new IllegalArgumentException("operator " + op);
            };
        }
    }

    /**
     * {@code target = rhs [for v in lo..hi, v != e ...]...;}: one for-clause per loop variable, the first the
     * outermost.
     */
    public record Rule(NameRef target, Term rhs, List<ForClause> loops, Pos pos) {
        public Rule { loops = List.copyOf(loops); }

        public Rule(NameRef target, Term rhs, Optional<ForClause> loop, Pos pos) {
            this(target, rhs, loop.map(List::of).orElse(List.of()), pos);
        }

        /** The outermost for-clause. */
        public Optional<ForClause> loop() { return loops.isEmpty() ? Optional.empty() : Optional.of(loops.get(0)); }
    }

    public record ForClause(String variable, Pos variablePos, Linear from, Linear to, List<Linear> excluded,
                            Pos pos) {}

    /**
     * {@code loss L(y);} (the loss function {@code L} applied to {@code argument}), or, when {@code expression},
     * {@code loss J = l(o) + r_1(W_1);} (the loss is {@code argument}, a sum of terms).
     */
    public record LossDecl(NameRef name, Term argument, Pos pos, boolean expression) {
        public LossDecl(NameRef name, Term argument, Pos pos) { this(name, argument, pos, false); }
    }

    /** {@code show w_N, w_{N-1}, ...;} */
    public record ShowDecl(List<NameRef> names, boolean ellipsis, Pos pos) {}
}
