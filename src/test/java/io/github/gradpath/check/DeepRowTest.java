package io.github.gradpath.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: a row nested thousands deep is one finding at its line, in every format, on a small stack. */
class DeepRowTest {
    private static final String NET = "network R {\n  input x;\n  h_1 = a(w_1 x);\n  loss L(h_1);\n}\n";

    @Test
    void deepRowsAreOneFindingNotAStackOverflow(@TempDir Path dir) throws InterruptedException {
        CheckFixtures.write(dir, "n.nn", NET);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                for (String[] b : new String[][] {{"(", ")"}, {"{", "}"}, {"[", "]"}, {"\\left(", "\\right)"}}) {
                    String row = "\\frac{\\partial L}{\\partial {\\bm w}_1} &= " + b[0].repeat(5000)
                            + "\\frac{\\partial L}{\\partial {\\bm h}_1}" + b[1].repeat(5000);
                    String rst = "T\n=\n\n.. gradpath: check n.nn\n\n.. math::\n\n   \\begin{aligned}\n   " + row
                            + "\n   \\end{aligned}\n";
                    String md = "# T\n\n<!-- gradpath: check n.nn -->\n\n$$\n\\begin{aligned}\n" + row
                            + "\n\\end{aligned}\n$$\n";
                    String tex = "\\documentclass{article}\n\\begin{document}\n% gradpath: check n.nn\n\\begin{align}\n"
                            + row + "\n\\end{align}\n\\end{document}\n";
                    for (String[] doc : new String[][] {{"d.rst", rst, "9"}, {"d.md", md, "7"}, {"d.tex", tex, "5"}}) {
                        Path p = CheckFixtures.write(dir, doc[0], doc[1]);
                        CheckReport r = DocumentChecker.check(p, dir.resolve("n.nn"), null);
                        assertEquals(1, r.findings().size(), r.findings().toString());
                        Finding f = r.findings().get(0);
                        assertTrue(f.error() && f.message().contains("brackets nested more than 256 deep"), f.format());
                        assertEquals(Integer.parseInt(doc[2]), f.line(), f.format());
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join();
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
    }
}
