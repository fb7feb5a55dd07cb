package io.github.gradpath.cli;

import io.github.gradpath.render.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: nothing a user passes reaches a document unescaped, and a check comment reads only networks. */
class InjectionTest {
    private static final String NET = "network R {\n  input x;\n  h_1 = a(w_1 x);\n  loss L(h_1);\n}\n";

    @Test
    void labelsThatWouldInjectMarkupAreRefusedInEveryFormat() {
        String[] attacks = {
            "x\n\n.. raw:: html\n\n   <script>alert(1)</script>",   // an RST directive
            "x\n```{raw} html\n<script>\n```",                       // a MyST fence
            "x}\\input{/etc/passwd}\\label{y",                       // LaTeX
            "x y", "", "-x", "x%", "x#y", "x\u0000y", "a".repeat(201),
        };
        for (String fmt : new String[] {"rst", "myst", "latex"}) {
            for (String label : attacks) {
                Cli.Result r = Cli.runWithStdin(NET, "derive", "--format", fmt, "--label", label, "-");
                assertEquals(2, r.code(), fmt + " " + label + ": " + r.err());
                assertEquals("", r.out());
                assertTrue(r.err().startsWith("gradpath: error: invalid value for --label: "), r.err());
                assertFalse(r.err().contains("<script>"), r.err());
            }
        }
    }

    @Test
    void ordinaryLabelsAreKept() {
        for (String label : new String[] {"grad-R", "eq:grad.R_2", "ch3/skip+1", "梯度-R"}) {
            for (Format f : Format.values()) assertNull(Labels.problem(label, f), label);
            Cli.Result r = Cli.runWithStdin(NET, "derive", "--label", label, "-");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains(":label: " + label + "\n"), r.out());
        }
    }

    @Test
    void aCheckCommentNamesANetworkFileOnly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), NET);
        String row = "   \\frac{\\partial L}{\\partial {\\bm w}_1} = \\frac{\\partial L}{\\partial {\\bm h}_1}\n";
        for (String name : new String[] {"../../../../etc/hostname", "a\u0000b.nn", "notes.txt"}) {
            Path doc = Files.writeString(dir.resolve("d.rst"), "T\n=\n\n.. gradpath: check " + name
                    + "\n\n.. math::\n\n" + row);
            Cli.Result r = Cli.run("check", doc.toString());
            assertEquals(2, r.code(), name + ": " + r.err());
            assertTrue(r.err().startsWith(doc + ":4:"), r.err());
            assertFalse(r.err().contains("internal error"), r.err());
            if (Files.exists(Path.of("/etc/hostname"))) {
                String host = Files.readAllLines(Path.of("/etc/hostname")).get(0);
                assertFalse(r.err().contains("unexpected '" + host), r.err());
            }
        }
    }
}
