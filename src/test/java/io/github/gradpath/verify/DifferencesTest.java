package io.github.gradpath.verify;

import io.github.gradpath.Pipeline;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The finite differences against derivatives worked by hand, where a fixed step is and is not good enough. */
class DifferencesTest {
    /** {@code L = ½ tanh(w x)²} at width 1: {@code dL/dx = t (1 - t²) w}, {@code t = tanh(w x)}. */
    static final String NET = """
            network Bend {
              input x;
              y = tanh(w x);
              loss L(y);
            }
            """;

    static Network network() {
        return Pipeline.load(new Source("bend.nn", NET), new Diagnostics()).graph().network();
    }

    /** dL/dx by finite differences at x and w: {fixed step, chosen step}. */
    static double[] dLdx(double x, double w) {
        Network net = network();
        Shapes s = Shapes.of(net, 1, false, 1);
        Oracle o = new Oracle(net, s);
        Map<NodeId, double[]> leaves = new HashMap<>();
        leaves.put(NodeId.of("x"), new double[] {x});
        leaves.put(NodeId.of("w"), new double[] {w});
        Map<NodeId, double[]> at = o.base(leaves);
        Differences d = new Differences(o, Verifier.SMOOTH_STEP, 1e-6);
        int l = o.indexOf(NodeId.of("L"));
        double fixed = fixedStep(o, o.indexOf(NodeId.of("x")), l);
        double chosen = d.column(o.indexOf(NodeId.of("x")), 0, new int[] {l}, new int[] {1},
                new double[] {1e-5 * Math.max(1, Math.abs(at.get(NodeId.of("L"))[0]))})[0][0];
        return new double[] {fixed, chosen};
    }

    /** What the verifier did before steps were chosen: Richardson over 1e-2, 5e-3, 2.5e-3, whatever the function. */
    static double fixedStep(Oracle o, int den, int num) {
        double[] d = new double[3];
        for (int s = 0; s < 3; s++) {
            double h = Verifier.SMOOTH_STEP / (1 << s);
            d[s] = (o.nudged(den, 0, h)[num][0] - o.nudged(den, 0, -h)[num][0]) / (2 * h);
        }
        double r1 = (4 * d[1] - d[0]) / 3, r2 = (4 * d[2] - d[1]) / 3;
        return (16 * r2 - r1) / 15;
    }

    static double exact(double x, double w) {
        double t = Math.tanh(w * x);
        return t * (1 - t * t) * w;
    }

    @Test
    void aStepLargeAgainstTheBendIsHalvedUntilEstimatesAgree() {
        // A faded signal (x = 1e-4) into a layer of gain 40: the step 1e-2 moves w x by 0.4, deep into tanh's bend.
        double x = 1e-4, w = 40, truth = exact(x, w);
        double[] fd = dLdx(x, w);
        assertTrue(Math.abs(fd[0] - truth) / Math.abs(truth) > 1e-5, "the fixed step is visibly off: " + fd[0]);
        assertEquals(truth, fd[1], 1e-10 * Math.abs(truth), "the chosen step");
    }

    @Test
    void anOrdinaryColumnKeepsTheFirstStep() {
        // Gain 1 around x = 0.3: the first window already agrees to 1e-12, so nothing is halved.
        double x = 0.3, w = 1, truth = exact(x, w);
        double[] fd = dLdx(x, w);
        assertEquals(fd[0], fd[1], 0, "the same estimate as the fixed step");
        assertEquals(truth, fd[1], 1e-11 * Math.abs(truth));
    }

    @Test
    void aZeroDerivativeIsExactlyZero() {
        // w = 0: L does not depend on x at all, every difference is 0 and no noise can appear.
        double[] fd = dLdx(0.5, 0);
        assertEquals(0, fd[1], 0);
    }
}
