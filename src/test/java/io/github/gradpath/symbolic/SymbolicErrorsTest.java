package io.github.gradpath.symbolic;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.dsl.Instantiator;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad symbolic networks: one message each, with file:line:col and a caret, exit 2, nothing on standard output. */
class SymbolicErrorsTest {
    private static void assertError(String network, String expected, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "derive";
        all[1] = "-";
        System.arraycopy(args, 0, all, 2, args.length);
        Fixtures.Run r = Fixtures.cli(network, all);
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(expected), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("<stdin>:")).count(), r.err());
    }

    @Test
    void nodeDefinedTwiceByTwoRules() {
        assertError("""
                network Dup {
                  index N, p, q : 1 <= p < q < N;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n)   for n in 1..N-1;
                  s_q     = h_p + h_q;
                  h_{q+1} = a_q(w_q s_q);
                  y       = a_N(w_N h_N);
                  loss L(y);
                }
                """, """
                <stdin>:7:3: error: `h_{q+1}` is defined twice (first at line 5 for n = q)
                  h_{q+1} = a_q(w_q s_q);
                  ^
                """);
    }

    /** Only when q = p+1 do the two rules meet: found at the small bindings, not at the far-apart witness. */
    @Test
    void nodeDefinedTwiceForSomeIndexValuesOnly() {
        assertError("""
                network Coincidence {
                  index N, p, q : 1 <= p < q < N;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n)   for n in 1..N-1, n != q, n != p+1;
                  h_{p+2} = b_p(v_p h_{p+1});
                  s_q     = h_p + h_q;
                  h_{q+1} = a_q(w_q s_q);
                  y       = a_N(w_N h_N);
                  loss L(y);
                }
                """, "<stdin>:8:3: error: `h_3` is defined twice (first at line 6) (when N = 3, p = 1, q = 2; if such"
                + " values are not meant, exclude them with a constraint on the `index` line)\n  h_{q+1} = a_q(w_q s_q);\n  ^\n");
    }

    @Test
    void nodeLeftUndefined() {
        assertError("""
                network Undefined {
                  index N, p, q : 1 <= p < q < N;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n)   for n in 1..N-1, n != q;
                  s_q     = h_p + h_q;
                  y       = a_N(w_N h_N);
                  loss L(y);
                }
                """, """
                <stdin>:5:21: error: `h_{q+1}` is used but never defined
                  h_{n+1} = a_n(w_n h_n)   for n in 1..N-1, n != q;
                                    ^
                """);
    }

    @Test
    void nodeUndefinedForSomeIndexValuesOnly() {
        // g_{p+1} is defined except when p+1 = q.
        assertError("""
                network Gap {
                  index N, p, q : 1 <= p < q < N;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n)   for n in 1..N-1;
                  g_n     = b_n(v_n h_n)   for n in p+1..p+1, n != q;
                  y       = a_N(w_N h_N) + g_{p+1};
                  loss L(y);
                }
                """, "<stdin>:7:28: error: `g_2` is used but never defined; did you mean `h_2`? (when N = 3, p = 1, q = 2;");
    }

    /** h_{p+2} reads s_q through h_{q+1} when q = p+1: a cycle for those values only. */
    @Test
    void cycleForSomeIndexValuesOnly() {
        assertError("""
                network Loop {
                  index N, p, q : 1 <= p < q < N;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n)   for n in 1..N-1, n != q;
                  s_q     = h_p + h_q + h_{p+2};
                  h_{q+1} = a_q(w_q s_q);
                  y       = a_N(w_N h_N);
                  loss L(y);
                }
                """, "<stdin>:");
        Fixtures.Run r = Fixtures.cli("""
                network Loop {
                  index N, p, q : 1 <= p < q < N;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n)   for n in 1..N-1, n != q;
                  s_q     = h_p + h_q + h_{p+2};
                  h_{q+1} = a_q(w_q s_q);
                  y       = a_N(w_N h_N);
                  loss L(y);
                }
                """, "derive", "-");
        assertTrue(r.err().contains("error: cycle: ") && r.err().contains("(when N = 3, p = 1, q = 2; "), r.err());
    }

    @Test
    void constraintsWithoutAnySolution() {
        assertError("""
                network NoWitness {
                  index N, p : p < N, N < p;
                  input x;
                  y = a_N(w_N x);
                  loss L(y);
                }
                """, """
                <stdin>:2:16: error: gradpath found no values of N, p that satisfy these constraints (it tried every value from 0 to 7, and each order of the symbols spread 20 or more apart)
                  index N, p : p < N, N < p;
                               ^
                """);
    }

    @Test
    void constraintsWithoutRoomForAGeneralForm() {
        assertError("""
                network Small {
                  index N : N <= 3;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n) for n in 1..N-1;
                  y       = a_N(w_N h_N);
                  loss L(y);
                }
                """, "<stdin>:2:13: error: these constraints leave N no room to be far apart");
    }

    @Test
    void indexUsedButNotDeclared() {
        assertError("""
                network Undeclared {
                  index N;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n) for n in 1..M-1;
                  y       = a_N(w_N h_N);
                  loss L(y);
                }
                """, "<stdin>:5:38: error: index `M` is used but not declared");
    }

    @Test
    void showNamesANodeThatDoesNotExist() {
        assertError("""
                network Shown {
                  index N : N >= 1;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n) for n in 1..N-1;
                  y       = a_N(w_N h_N);
                  loss L(y);
                  show w_N, w_{N+1};
                }
                """, "<stdin>:8:13: error: `w_{N+1}` is not a node of network Shown");
    }

    @Test
    void otherFormsAndCommandsSaySymbolicIndicesAreForDerive() {
        Fixtures.Run paths = Fixtures.cli(Fixtures.SKIP, "paths", "-");
        assertEquals(2, paths.exit());
        assertTrue(paths.err().startsWith("<stdin>:2:3: error: network ForwardSkip has symbolic indices;"), paths.err());
        // The adjoint form is written at symbolic depth (issue 9); the paths form, a sum over every path, is not.
        Fixtures.Run form = Fixtures.cli(Fixtures.SKIP, "derive", "-", "--form", "paths");
        assertEquals(2, form.exit());
        assertTrue(form.err().contains("--form paths is not available for a network with symbolic indices"));
    }

    @Test
    void wrtNamesANodeThatDoesNotExist() {
        Fixtures.Run r = Fixtures.cli(Fixtures.SKIP, "derive", "-", "--wrt", "w_{N+1}");
        assertEquals(2, r.exit());
        assertEquals("--wrt:1:1: error: network ForwardSkip has no node `w_{N+1}`\nw_{N+1}\n^\n", r.err());
    }

    /** The core instantiator now checks a binding against the declared constraints. */
    @Test
    void instantiatorRejectsABindingThatBreaksTheConstraints() {
        Map<String, Long> b = new LinkedHashMap<>();
        b.put("N", 10L);
        b.put("p", 5L);
        b.put("q", 3L);
        Diagnostics d = new Diagnostics();
        assertTrue(Instantiator.instantiate(Fixtures.spec(Fixtures.SKIP), b, d).isEmpty());
        assertTrue(d.format().startsWith("test.nn:2:19: error: constraint `p < q` does not hold for N = 10, p = 5, q = 3"),
                d.format());
    }
}
