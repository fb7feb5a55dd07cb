package io.github.gradpath.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What src/bench/campaign.sh found, one regression test each (the input as the campaign reported it). */
class CampaignFindingsTest {
    private static final Pattern ANY = Pattern.compile("gradpath: error: ");

    /**
     * cli reader, input 11 of seed 20261201: {@code check --layout é --unknown <NUL> myst}. picocli's own Path
     * conversion printed "cannot convert ... (java.nio.file.InvalidPathException: Nul character not allowed".
     */
    @Test
    void aFileNameWithANulByteIsAUsageError() {
        for (String[] args : new String[][] {{"check", "a\0b.rst"}, {"check", "--network", "\0", "d.rst"},
                {"derive", "-o", "x\0.rst", "-"}, {"graph", "-o", "\0", "-"}, {"derive", "--templates", "\0", "-"},
                // cli reader, input 65558: --style takes a String and made a path of it later: exit 3.
                {"derive", ":", "--product", "out.rst", "--style", "\0", "myst", "sub"}, {"derive", "--style", "a\0b", "-"}}) {
            Promise.Run r = Promise.cli("network N {\n  input x;\n  h = a(w x);\n  loss L(h);\n}\n", args);
            Promise.check(r, Set.of(2), ANY, String.join(" ", args));
            assertFalse(r.err().contains("java."), r.out() + r.err());
            assertTrue(r.err().contains("a file name cannot contain a NUL character"), r.out() + r.err());
            assertEquals("", r.out());
        }
    }

    private static final String PART = "\\frac{\\partial L}{\\partial {\\bm w}_1}";

    /** A MyST document whose one row is {@code ∂L/∂w_1 &= BODY}, checked against the fuzz tests' network. */
    private static Promise.Run check(Path dir, String body) throws IOException {
        return check(dir, body, Set.of(1));
    }

    private static Promise.Run check(Path dir, String body, Set<Integer> allowed) throws IOException {
        Files.writeString(dir.resolve("n.nn"), DocumentReaderFuzzTest.NET);
        Path doc = dir.resolve("doc.md");
        Files.writeString(doc, "# T\n\n<!-- gradpath: check n.nn -->\n\n$$\n\\begin{aligned}\n" + PART + " &= " + body
                + "\n\\end{aligned}\n$$\n");
        Promise.Run[] r = new Promise.Run[1];
        // A small stack on purpose: nothing may depend on the thread's stack size.
        Thread t = new Thread(null, () -> r[0] = Promise.cli(new byte[0], "check", doc.toString()), "small", 512 << 10);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Promise.check(r[0], allowed, Pattern.compile(Pattern.quote(doc.toString()) + ":\\d+: error: "), body);
        return r[0];
    }

    /**
     * myst reader, input 13265: 28 nested {@code \prod_{k=p}^{q}} (here with bounds that have values, {@code k=1..100}; each within the 100,000-term limit of one sum,
     * their product far beyond it) hung past the 10 s watchdog. Now one unreadable row, at once.
     */
    @Test
    void nestedProductsMultiplyTowardsOneLimit(@TempDir Path dir) throws IOException {
        Promise.Run r = check(dir, "\\prod_{k=1}^{100}".repeat(28) + PART);
        assertTrue((r.out() + r.err()).contains("cannot read: more than 100000 terms in all in the sums and products"), r.out() + r.err());
        assertTrue(r.millis() < 5_000, r.millis() + " ms");
    }

    /** Found while fixing the one above: 20,000 {@code \prod} or {@code \sum} in a row overflowed the stack (exit 3). */
    @Test
    void bigOperatorsCountAsNesting(@TempDir Path dir) throws IOException {
        for (String big : new String[] {"\\prod_{k=1}^{1}", "\\sum_{k=1}^{1}", "\\sum_k"}) {
            Promise.Run r = check(dir, big.repeat(20_000) + PART);
            assertTrue((r.out() + r.err()).contains("cannot read: `\\sum`, `\\prod` and brackets nested more than 256 deep"), r.out() + r.err());
        }
        // 200 of them are within the limit: read and resolved (exit 0 or 1: the verdict is not the point here).
        Promise.Run ok = check(dir, "\\prod_{k=1}^{1}".repeat(200) + PART, Set.of(0, 1));
        assertFalse((ok.out() + ok.err()).contains("nested more than"), ok.out() + ok.err());
    }
}
