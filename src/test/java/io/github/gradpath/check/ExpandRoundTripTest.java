package io.github.gradpath.check;

import io.github.gradpath.cli.CommandFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code derive --expand} writes, in both layouts and every form (and what plain {@code derive} writes), for
 * every sample and a subtracted shortcut (a negative coefficient), is what {@code check} reads back under the
 * same layout: no row is called wrong and every row of every sample is read (a row not read would be reported at
 * its line, never silent). The
 * two stages were written by different people from one written spelling; this test is where they meet.
 */
class ExpandRoundTripTest {
    private record Run(int code, String out, String err) { }

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = CommandFactory.create(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(new byte[0]))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyConcreteSampleEveryFormBothLayouts(@TempDir Path dir) throws Exception {
        List<Path> nets = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(nets::add);
        }
        // Networks that are no sample but write what the samples do not: a negative coefficient.
        nets.add(CheckFixtures.resource("roundtrip/subtracted-shortcut.nn"));
        int docs = 0, rows = 0, unread = 0, symbolicRows = 0;
        java.util.Map<String, Integer> perKind = new java.util.TreeMap<>();
        for (Path net : nets) {
            for (String form : List.of("factored", "paths", "adjoint")) {
                for (String layout : List.of("numerator", "denominator", "plain")) {
                    // plain: derive without --expand (the chains of named factors), checked under the numerator layout.
                    Run d = layout.equals("plain") ? run("derive", "--form", form, net.toString())
                            : run("derive", "--expand", "--layout", layout, "--form", form, net.toString());
                    if (d.code() != 0) {
                        // --expand is for networks of concrete depth; a symbolic one is refused with a reason.
                        assertEquals(2, d.code(), net + " " + form + " " + layout + ": " + d.err());
                        assertTrue(d.err().contains("error:"), d.err());
                        continue;
                    }
                    String what = net.getFileName() + " " + form + " " + layout;
                    // A run that does not show its end leaves it to the factor after it; derive must never write a
                    // side that stops at `\times \cdots` (residual-symbolic's expanded case did, where the factor
                    // after the run was an identity and was dropped).
                    for (String line : d.out().split("\n")) {
                        assertFalse(endsInDots(line), what + ": a side ends in \\cdots: " + line);
                    }
                    Path doc = CheckFixtures.write(dir, net.getFileName() + "-" + form + "-" + layout + ".rst", d.out());
                    CheckReport r = DocumentChecker.check(doc, net, null,
                            layout.equals("plain") ? List.of() : List.of("layout=" + layout));
                    int cannot = 0;
                    for (Finding f : r.findings()) {
                        boolean unreadable = f.message().startsWith("cannot read")
                                || f.message().toLowerCase(Locale.ROOT).contains("not checked");
                        assertTrue(unreadable, what + ": a right expanded row is called wrong: " + f.format());
                        cannot++;
                        // Grouped by the message as the checker wrote it: it quotes the document (`\cdots`).
                        String kind = f.message();
                        perKind.merge(net.getFileName() + ": " + kind, 1, Integer::sum);
                    }
                    // Every row is either checked or reported: the checker never skips one silently.
                    int written = countRows(d.out());
                    assertTrue(r.checked() + cannot >= written, what + ": " + r.checked() + " checked + " + cannot
                            + " reported < " + written + " rows");
                    assertEquals(cannot, r.wrong(), what + ": only unreadable rows count as wrong");
                    // Every expanded row is read, the concatenations' block selectors (`\begin{bmatrix} 1 \\ 0
                    // \end{bmatrix}`), forward concatenations and, at symbolic indices, the runs of explicit factors
                    // (`{\bm w}_{N-1}\times \cdots\times \operatorname{diag}(...)`, Runs) included.
                    assertEquals(0, cannot, what + ": rows not read\n" + r.findings());
                    docs++;
                    rows += written;
                    if (Files.readString(net).contains("index ") && !layout.equals("plain")) symbolicRows += written;
                    unread += cannot;
                }
            }
        }
        StringBuilder notRead = new StringBuilder();
        perKind.forEach((k, n) -> notRead.append(String.format(Locale.ROOT, "%5d  %s%n", n, k)));
        System.out.printf(Locale.ROOT, "expand round trip: %d documents, %d rows (%d of them expanded at"
                + " symbolic indices), %d not read%n%s", docs, rows, symbolicRows, unread, notRead);
        assertTrue(docs >= 30, "documents: " + docs);
        assertEquals(0, unread, notRead.toString());
    }

    private static boolean endsInDots(String line) {
        return line.contains("\\times \\cdots =") || line.contains("\\times \\cdots`");
    }

    private static int countRows(String text) {
        int n = 0;
        // a derivative row, or a continuation `&= ...` (derive's written-out last side holds no ∂, and must be checked)
        for (String l : text.split("\n")) if (l.contains("&=") && (l.contains("\\partial") || l.trim().startsWith("&="))) n++;
        return n;
    }
}
