package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.render.Latex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FolderTest {
    private static final Map<String, Long> AT = new LinkedHashMap<>(Map.of("q", 40L, "N", 60L));

    private static Expr.Var h(long i) { return new Expr.Var("h", Long.toString(i), Expr.Role.NODE); }

    private static Expr.Partial d(Expr.Var a, Expr.Var b) { return new Expr.Partial(a, b); }

    /** ∂h_{i+1}/∂h_i for i = from down to to, then {@code tail}. */
    private static Expr.Product chain(long from, long to, Expr... tail) {
        List<Expr> fs = new ArrayList<>();
        for (long i = from; i >= to; i--) fs.add(d(h(i + 1), h(i)));
        fs.addAll(List.of(tail));
        return new Expr.Product(fs);
    }

    private static String fold(Expr e) {
        return Latex.expr(Folder.lift(e, new Mapper(AT)));
    }

    @Test
    void runOfSymbolicLengthKeepsFirstAndLastWhenNothingFollows() {
        assertEquals("\\frac{\\partial {\\bm h}_N}{\\partial {\\bm h}_{N-1}}\\times \\cdots\\times "
                + "\\frac{\\partial {\\bm h}_{q+1}}{\\partial {\\bm h}_q}", fold(chain(59, 40)));
    }

    @Test
    void runIsClosedByAFactorThatContinuesTheChain() {
        Expr w = new Expr.Var("w", "40", Expr.Role.PARAM);
        assertEquals("\\frac{\\partial {\\bm h}_N}{\\partial {\\bm h}_{N-1}}\\times \\cdots\\times "
                + "\\frac{\\partial {\\bm h}_{q+1}}{\\partial {\\bm w}_q}", fold(chain(59, 41, d(h(41), (Expr.Var) w))));
    }

    @Test
    void runOfFixedLengthIsWrittenOut() {
        assertEquals("\\frac{\\partial {\\bm h}_N}{\\partial {\\bm h}_{N-1}}\\times "
                + "\\frac{\\partial {\\bm h}_{N-1}}{\\partial {\\bm h}_{N-2}}\\times "
                + "\\frac{\\partial {\\bm h}_{N-2}}{\\partial {\\bm h}_{N-3}}", fold(chain(59, 57)));
    }

    @Test
    void evaluatingARunExpandsItAndAnEmptyRunVanishes() {
        Mapper m = new Mapper(AT).with("k", 50);
        Expr general = Folder.lift(chain(59, 50), m); // ∂h_N/∂h_{N-1} × ⋯ × ∂h_{k+1}/∂h_k
        Map<String, Long> env = new LinkedHashMap<>(AT);
        env.put("k", 57L);
        assertEquals(chain(59, 57), Folder.eval(general, env));
        env.put("k", 60L);
        assertEquals(new Expr.One(), Folder.eval(general, env));
        env.put("k", 61L);
        Map<String, Long> beyond = env;
        org.junit.jupiter.api.Assertions.assertThrows(Folder.NoReading.class, () -> Folder.eval(general, beyond));
    }
}
