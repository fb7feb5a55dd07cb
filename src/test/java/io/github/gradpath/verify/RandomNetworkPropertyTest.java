package io.github.gradpath.verify;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Form;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 200 generated networks (fixed seeds): every form of every gradient, and every named factor's definition,
 * matches finite differences of the independent forward pass. Half the corpus uses one width for everything,
 * half gives each class of equal widths its own width, so weights are rectangular and a transposed or
 * misordered factor cannot pass by luck of shape.
 */
class RandomNetworkPropertyTest {
    static final int NETWORKS = 200;
    static final int MAX_RESIDUALS = 8;
    static final int MAX_PATH_TERMS = 20_000;

    @Test
    void everyFormOfEveryRandomNetworkMatchesFiniteDifferences() {
        List<String> failures = new ArrayList<>();
        int pathsSkipped = 0, rows = 0, deepest = 0;
        double worst = 0;
        for (long seed = 1; seed <= NETWORKS; seed++) {
            String text = RandomNetworks.generate(seed, MAX_RESIDUALS);
            ComputationGraph g = Pipeline.load(new Source("random-" + seed + ".nn", text), new Diagnostics()).graph();
            deepest = Math.max(deepest, g.size());
            boolean random = seed % 2 == 0;
            int dim = random ? 5 : 1 + (int) (seed % 5);
            VerifyOptions o = new VerifyOptions(dim, seed, VerifyOptions.DEFAULT_TOLERANCE, random, null, MAX_PATH_TERMS);
            Verifier v = Verifier.of(g, o);
            for (Form f : Form.values()) {
                VerifyReport r;
                try {
                    r = v.verify(f);
                } catch (Deriver.TooLarge tl) {
                    assertEquals(Form.PATHS, f);
                    pathsSkipped++;
                    continue;
                }
                rows += r.lines().size();
                worst = Math.max(worst, r.maxRelativeError());
                if (!r.passed()) failures.add(text + r.table());
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " failures; first:\n" + failures.get(0));
        // The paths form may only be skipped where it is genuinely too long, and that must stay the exception.
        assertTrue(pathsSkipped <= NETWORKS / 10, pathsSkipped + " networks skipped the paths form");
        System.out.printf("random corpus: %d networks, %d rows, up to %d nodes, largest relative error %.1e, "
                + "paths form skipped %d%n", NETWORKS, rows, deepest, worst, pathsSkipped);
    }

    @Test
    void theGeneratorCoversWhatItPromises() {
        int deep = 0, residual = 0, nested = 0, merges = 0, threeWay = 0, weightedSkips = 0;
        for (long seed = 1; seed <= NETWORKS; seed++) {
            String t = RandomNetworks.generate(seed, MAX_RESIDUALS);
            if (t.contains("h_{25}")) deep++;
            if (t.contains("+ F_")) residual++;
            if (t.contains("G_")) nested++;
            if (t.contains("+ u_")) weightedSkips++;
            for (String line : t.split("\n")) {
                if (line.matches("\\s*h_\\S+ = h_\\S+ \\+ [hx]\\S* \\+ [hx]\\S*;")) threeWay++;
                else if (line.matches("\\s*h_\\S+ = h_\\S+ \\+ [hx]\\S*;")) merges++;
            }
        }
        assertTrue(deep >= 20, "deep networks: " + deep);
        assertTrue(residual >= 50 && nested >= 30, residual + " residual, " + nested + " nested");
        assertTrue(merges >= 100 && threeWay >= 20, merges + " merges, " + threeWay + " three-way merges");
        assertTrue(weightedSkips >= 50, "weighted skips: " + weightedSkips);
        int nestedSkips = 0, overlappingSkips = 0;
        for (long seed = 1; seed <= NETWORKS; seed++) {
            List<long[]> skips = skips(RandomNetworks.generate(seed, MAX_RESIDUALS));
            boolean nest = false, overlap = false;
            for (long[] a : skips) {
                for (long[] b : skips) {
                    if (a[0] < b[0] && b[1] < a[1]) nest = true;
                    if (a[0] < b[0] && b[0] < a[1] && a[1] < b[1]) overlap = true;
                }
            }
            if (nest) nestedSkips++;
            if (overlap) overlappingSkips++;
        }
        assertTrue(nestedSkips >= 30 && overlappingSkips >= 30, nestedSkips + " nested, " + overlappingSkips + " overlapping");
    }

    /** Skips {from, to}: a layer k that reads a node h_j (or x = h_0) other than h_{k-1}. */
    private static List<long[]> skips(String text) {
        List<long[]> out = new ArrayList<>();
        java.util.regex.Pattern def = java.util.regex.Pattern.compile("^\\s*h_\\{?(\\d+)\\}? = (.*);$");
        java.util.regex.Pattern ref = java.util.regex.Pattern.compile("(?<![A-Za-z_])(?:h_\\{?(\\d+)\\}?|x)(?![A-Za-z_0-9])");
        for (String line : text.split("\n")) {
            java.util.regex.Matcher m = def.matcher(line);
            if (!m.matches()) continue;
            long k = Long.parseLong(m.group(1));
            java.util.regex.Matcher r = ref.matcher(m.group(2));
            while (r.find()) {
                long j = r.group(1) == null ? 0 : Long.parseLong(r.group(1));
                if (j < k - 1) out.add(new long[] {j, k});
            }
        }
        return out;
    }
}
