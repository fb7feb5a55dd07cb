package io.github.gradpath.check;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Form;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.DocumentRenderer;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Templates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gradpath's own {@code derive} output, in every form and format, checks clean for every sample network. */
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

    @Test
    void everySampleEveryFormEveryFormat(@TempDir Path dir) throws Exception {
        List<Path> nets = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(nets::add);
        }
        nets.add(CheckFixtures.write(dir, "direct.nn", DIRECT));
        assertTrue(nets.size() >= 5);
        int docs = 0;
        for (Path net : nets) {
            ComputationGraph g = Pipeline.load(new Source(net.toString(), Files.readString(net)), new Diagnostics()).graph();
            for (Form form : Form.values()) {
                Derivation d = Deriver.derive(g, g.parameters(), form);
                int rows = 0;
                for (var r : d.gradients()) if (r instanceof io.github.gradpath.derive.Row.Equation e) rows += e.rhs().size();
                for (var r : d.definitions()) if (r instanceof io.github.gradpath.derive.Row.Equation e) rows += e.rhs().size();
                for (Format fmt : Format.values()) {
                    String text = new DocumentRenderer(Templates.builtIn(), "en").render(d, fmt, "grad");
                    Path doc = CheckFixtures.write(dir, net.getFileName() + "-" + form + "." + fmt.extension(), text);
                    CheckReport r = DocumentChecker.check(doc, net, null);
                    String what = net + " " + form + " " + fmt;
                    assertEquals(List.of(), r.findings(), what);
                    assertEquals(rows, r.checked(), what + ": every row of the derivation is checked");
                    assertFalse(r.failed(true), what);
                    docs++;
                }
            }
        }
        assertEquals(nets.size() * 9, docs);
    }
}
