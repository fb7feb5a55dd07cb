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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gradpath's own {@code derive} output, in every form and format it offers for a network, checks clean for every
 * sample (through the CLI, so whatever {@code derive} prints for a network is what gets checked).
 */
class DeriveOutputCheckTest {
    /** A network where the paths and adjoint forms need {@code |_{direct}}: h_3 uses h_1 directly and via h_2. */
    private static final String DIRECT = """
            network Direct {
              input x;
              h_1 = a_0(w_0 x);
              h_2 = a_1(w_1 h_1);
              h_3 = a_2(w_2 h_2 + v h_1);
              y   = a_3(w_3 h_3);
              loss L(y);
            }
            """;

    private static String derive(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = CommandFactory.create(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(new byte[0]))
                .execute(args);
        if (code != 0) {
            // Some forms exist only for concrete networks; derive says so, and there is nothing to check.
            assertTrue(err.toString().contains("not available"), String.join(" ", args) + ": " + err);
            return null;
        }
        return out.toString();
    }

    @Test
    void everySampleEveryFormEveryFormat(@TempDir Path dir) throws Exception {
        List<Path> nets = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(nets::add);
        }
        nets.add(CheckFixtures.write(dir, "direct.nn", DIRECT));
        assertTrue(nets.size() >= 5);
        int docs = 0;
        boolean sawDirect = false;
        for (Path net : nets) {
            for (String form : List.of("factored", "paths", "adjoint")) {
                for (String fmt : List.of("rst", "myst", "latex")) {
                    String text = derive("derive", "--form", form, "--format", fmt, net.toString());
                    if (text == null) continue;
                    sawDirect |= text.contains("\\mathrm{direct}");
                    String ext = fmt.equals("myst") ? "md" : fmt.equals("latex") ? "tex" : "rst";
                    Path doc = CheckFixtures.write(dir, net.getFileName() + "-" + form + "." + ext, text);
                    CheckReport r = DocumentChecker.check(doc, net, null);
                    String what = net + " " + form + " " + fmt;
                    assertEquals(List.of(), r.findings(), what);
                    assertTrue(r.checked() >= countRows(text), what + ": every gradient row is checked");
                    assertFalse(r.failed(true), what);
                    docs++;
                }
            }
        }
        assertTrue(sawDirect, "some output uses |_{direct}");
        assertTrue(docs >= 5 * 9, "documents checked: " + docs);
    }

    /** Lines that hold a derivative equation: a lower bound of the rows the checker must find. */
    private static int countRows(String text) {
        int n = 0;
        for (String l : text.split("\n")) if (l.contains("\\partial") && l.contains("&=")) n++;
        return n;
    }
}
