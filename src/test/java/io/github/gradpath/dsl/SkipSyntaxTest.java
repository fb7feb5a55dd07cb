package io.github.gradpath.dsl;

import io.github.gradpath.TestNetworks;
import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concatenation, elementwise products, subtraction, numerals and scalars: what they parse to and their errors. */
class SkipSyntaxTest {

    private static Formula rhs(ComputationGraph g, String node) {
        return g.node(TestNetworks.node(g, node)).local();
    }

    @Test
    void aHighwayGateIsASumOfElementwiseProductsWithANegatedTerm() {
        ComputationGraph g = TestNetworks.graph("""
                network H { input x; h = tanh(W_H x); t = sigma(W_T x); y = h * t + x * (1 - t); loss L(y); }""");
        Formula.Sum y = (Formula.Sum) rhs(g, "y");
        Formula.Hadamard carry = (Formula.Hadamard) y.terms().get(1);
        Formula.Sum oneMinusT = (Formula.Sum) carry.factors().get(1);
        Formula.Constant one = (Formula.Constant) oneMinusT.terms().get(0);
        assertEquals(1, one.numerator());
        Formula.Scale minusT = (Formula.Scale) oneMinusT.terms().get(1);
        assertEquals(new Formula.Coefficient(-1, 1, List.of()), minusT.coefficient());
        // Gates are never identities or scalars: their Jacobians are diag(.) of the other factor.
        int yi = TestNetworks.node(g, "y");
        for (int c : g.children(yi)) {
            assertTrue(!g.isIdentityEdge(yi, c));
            assertNull(g.scaleEdge(yi, c));
        }
    }

    @Test
    void numeralsAndScalarsAreExactCoefficients() {
        ComputationGraph g = TestNetworks.graph("""
                network S { input x; h_1 = a(w_1 x); h_2 = a(w_2 h_1);
                  s_2 = 0.25 lambda h_1 + h_2; s_3 = -2 s_2 + alpha h_2; loss L(s_3); }""");
        int s2 = TestNetworks.node(g, "s_2"), h1 = TestNetworks.node(g, "h_1"), h2 = TestNetworks.node(g, "h_2");
        assertEquals(new Formula.Coefficient(1, 4, List.of("lambda")), g.scaleEdge(s2, h1));
        assertTrue(g.isIdentityEdge(s2, h2));
        int s3 = TestNetworks.node(g, "s_3");
        assertEquals(new Formula.Coefficient(-2, 1, List.of()), g.scaleEdge(s3, s2));
        assertEquals(new Formula.Coefficient(1, 1, List.of("alpha")), g.scaleEdge(s3, h2));
        assertEquals(List.of("lambda", "alpha"), g.network().scalars());
        // A scalar is no node: nothing to differentiate.
        assertTrue(g.nodes().stream().noneMatch(n -> n.name().base().equals("lambda")));
    }

    @Test
    void aGreekNameDeclaredAsAParameterIsAMatrix() {
        ComputationGraph g = TestNetworks.graph("network P { input x; param eta; y = a(eta x); loss L(y); }");
        assertEquals(ComputationGraph.Kind.PARAM, g.node(TestNetworks.node(g, "eta")).kind());
        // θ names parameters in textbooks: an implied weight, never a scalar by name.
        ComputationGraph t = TestNetworks.graph("network T { input x; y = a(theta x); loss L(y); }");
        assertEquals(ComputationGraph.Kind.PARAM, t.node(TestNetworks.node(t, "theta")).kind());
        assertEquals(List.of(), t.network().scalars());
    }

    @Test
    void anEllipsisExpandsBetweenTwoNamesOfAFamily() {
        ComputationGraph g = TestNetworks.graph("""
                network C { input x_0, x_1, x_2, x_3; y = a(w [x_0; ...; x_3]); z = a(v [x_3; ...; x_1; x_0]);
                  u = a(q [x_2; ...; x_2]); loss L(y + z + u); }""");
        Formula.Apply y = (Formula.Apply) rhs(g, "y");
        Formula.Concat c = (Formula.Concat) ((Formula.Product) y.argument()).factors().get(1);
        assertEquals(List.of("x_0", "x_1", "x_2", "x_3"), c.parts().stream().map(p -> ((Formula.Ref) p).node().toString()).toList());
        Formula.Concat down = (Formula.Concat) ((Formula.Product) ((Formula.Apply) rhs(g, "z")).argument()).factors().get(1);
        assertEquals(List.of("x_3", "x_2", "x_1", "x_0"), down.parts().stream().map(p -> ((Formula.Ref) p).node().toString()).toList());
        Formula.Concat one = (Formula.Concat) ((Formula.Product) ((Formula.Apply) rhs(g, "u")).argument()).factors().get(1);
        assertEquals(1, one.parts().size());
    }

    @Test
    void badFormsAreReportedAtTheirPosition() {
        TestNetworks.assertError("network N { input x;\n y = a(w x 2); loss L(y); }", 2, 12, "a coefficient comes first");
        TestNetworks.assertError("network N { input x;\n y = lambda; loss L(y); }", 2, 6, "is a scalar");
        TestNetworks.assertError("network N { input x_0, y_1;\n z = a(w [x_0; ...; y_1]); loss L(z); }", 2, 16, "one family");
        TestNetworks.assertError("network N { input x;\n z = a(w [...; x]); loss L(z); }", 2, 11, "between two parts");
        TestNetworks.assertError("network N { scalar s, s; input x; z = s x; loss L(z); }", 1, 23, "declared twice");
        TestNetworks.assertError("network N { input x;\n z = 1.2345678901234567890 x; loss L(z); }", 2, 6, "too long");
    }
}
