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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code derive --expand} writes, in both layouts and every form, is what {@code check} reads back under the
 * same layout: no row is called wrong, every row that is not read is reported at its line (never silent), and every
 * row of a network without concatenation is read. The
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
        int docs = 0, rows = 0, unread = 0;
        java.util.Map<String, Integer> perKind = new java.util.TreeMap<>();
        for (Path net : nets) {
            // derive --expand at symbolic indices (runs of expanded factors, z cases) is not read by check yet.
            if (Files.readString(net).contains("index ")) continue;
            for (String form : List.of("factored", "paths", "adjoint")) {
                for (String layout : List.of("numerator", "denominator")) {
                    Run d = run("derive", "--expand", "--layout", layout, "--form", form, net.toString());
                    if (d.code() != 0) {
                        // --expand is for networks of concrete depth; a symbolic one is refused with a reason.
                        assertEquals(2, d.code(), net + " " + form + " " + layout + ": " + d.err());
                        assertTrue(d.err().contains("error:"), d.err());
                        continue;
                    }
                    String what = net.getFileName() + " " + form + " " + layout;
                    Path doc = CheckFixtures.write(dir, net.getFileName() + "-" + form + "-" + layout + ".rst", d.out());
                    CheckReport r = DocumentChecker.check(doc, net, null, List.of("layout=" + layout));
                    int cannot = 0;
                    for (Finding f : r.findings()) {
                        boolean unreadable = f.message().startsWith("cannot read")
                                || f.message().toLowerCase(Locale.ROOT).contains("not checked");
                        assertTrue(unreadable, what + ": a right expanded row is called wrong: " + f.format());
                        cannot++;
                        String kind = f.message().replaceAll("`[^`]*`", "`.`");
                        perKind.merge(net.getFileName() + ": " + kind, 1, Integer::sum);
                    }
                    // Every row is either checked or reported: the checker never skips one silently.
                    int written = countRows(d.out());
                    assertTrue(r.checked() + cannot >= written, what + ": " + r.checked() + " checked + " + cannot
                            + " reported < " + written + " rows");
                    assertEquals(cannot, r.wrong(), what + ": only unreadable rows count as wrong");
                    // The matrix form of a concatenation (its block selectors, `\begin{bmatrix}`) is not read yet:
                    // those rows are reported, as asserted above. Every other expanded row must be read.
                    boolean concatenates = Files.readString(net).contains("[");
                    // The δ rows of the denominator layout's adjoint form (/work/notes/delta-format.md) are not read
                    // by check yet either: reported, as asserted above, never called wrong.
                    boolean deltas = form.equals("adjoint") && layout.equals("denominator") && d.out().contains("\\delta}");
                    if (!concatenates && !deltas) assertEquals(0, cannot, what + ": rows not read\n" + r.findings());
                    docs++;
                    rows += written;
                    unread += cannot;
                }
            }
        }
        StringBuilder notRead = new StringBuilder();
        perKind.forEach((k, n) -> notRead.append(String.format(Locale.ROOT, "%5d  %s%n", n, k)));
        System.out.printf(Locale.ROOT, "expand round trip: %d documents, %d rows, %d not read%n%s", docs, rows, unread,
                notRead);
        assertTrue(docs >= 30, "documents: " + docs);
    }

    private static int countRows(String text) {
        int n = 0;
        for (String l : text.split("\n")) if (l.contains("\\partial") && l.contains("&=")) n++;
        return n;
    }
}
