package io.github.gradpath.cli;

import io.github.gradpath.TestNetworks;
import io.github.gradpath.batch.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchCommandTest {
    private static final String GOOD = "\\frac{\\partial {\\bm s}_3}{\\partial {\\bm h}_1} = 1 + \\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_1}";
    private static final String BAD = "\\frac{\\partial {\\bm s}_3}{\\partial {\\bm h}_1} = \\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_1}";

    private record Served(int code, String out, String err, List<Map<String, Object>> responses) {}

    private static Served serve(byte[] stdin) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = CommandFactory.create(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(stdin))
                .execute("batch");
        List<Map<String, Object>> rs = new ArrayList<>();
        for (String line : out.toString().split("\n", -1)) {
            if (line.isEmpty()) continue;
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) Json.parse(line);
            rs.add(m);
        }
        return new Served(code, out.toString(), err.toString(), rs);
    }

    private static Served serve(String... lines) throws Exception {
        return serve((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String q(Object s) { return Json.write(s); }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> diag(Map<String, Object> r, int i) {
        return (Map<String, Object>) ((List<Object>) r.get("diagnostics")).get(i);
    }

    @Test
    void deriveGivesWhatTheCommandPrintsForEveryOption() throws Exception {
        String[][] cases = {
                {"{}"},
                {"{\"form\":\"paths\",\"wrt\":[\"w_0\",\"w_1\"]}", "--form", "paths", "--wrt", "w_0,w_1"},
                {"{\"form\":\"adjoint\",\"label\":\"eq-1\",\"format\":\"myst\"}", "--form", "adjoint", "--label", "eq-1", "--format", "myst"},
                {"{\"lang\":\"zh\",\"forward\":true,\"format\":\"latex\"}", "--lang", "zh", "--forward", "--format", "latex"},
                {"{\"forward\":false,\"max-terms\":1}", "--max-terms", "1", "--form", "factored"},
        };
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            lines.add("{\"id\":" + i + ",\"op\":\"derive\",\"file\":\"samples/resblock.nn\",\"options\":" + cases[i][0] + "}");
        }
        Served s = serve(lines.toArray(String[]::new));
        assertEquals(0, s.code());
        assertEquals(cases.length, s.responses().size());
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("derive", "samples/resblock.nn"));
            args.addAll(List.of(cases[i]).subList(1, cases[i].length));
            Cli.Result cli = Cli.run(args.toArray(String[]::new));
            assertEquals(0, cli.code(), cli.err());
            Map<String, Object> r = s.responses().get(i);
            assertEquals(new BigDecimal(i), r.get("id"));
            assertEquals(true, r.get("ok"), String.valueOf(r));
            assertEquals(cli.out(), r.get("text"), cases[i][0]);
        }
        // The options do reach the command: the forms differ.
        assertFalse(s.responses().get(0).get("text").equals(s.responses().get(1).get("text")));
    }

    @Test
    void symbolicNetworksAndTheirOptions() throws Exception {
        Served s = serve("{\"op\":\"derive\",\"file\":\"samples/chapter-skip.nn\",\"options\":{\"lang\":\"zh\"}}",
                "{\"op\":\"derive\",\"file\":\"samples/chapter-skip.nn\",\"options\":{\"form\":\"paths\"}}");
        assertEquals(Cli.run("derive", "samples/chapter-skip.nn", "--lang", "zh").out(), s.responses().get(0).get("text"));
        Map<String, Object> r = s.responses().get(1);
        assertEquals(false, r.get("ok"));
        assertEquals(new BigDecimal(2), r.get("exit"));
        assertTrue(((String) diag(r, 0).get("message")).contains("not available for a network with symbolic indices"));
    }

    @Test
    void badNetworkIsAPositionedDiagnosticAndTheServerGoesOn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.nn");
        Files.writeString(bad, "network B {\n  input x;\n  h = a(w x;\n  loss L(h);\n}\n");
        Served s = serve("{\"id\":\"a\",\"op\":\"derive\",\"file\":" + q(bad.toString()) + "}",
                "{\"id\":\"b\",\"op\":\"derive\",\"file\":\"samples/resblock.nn\"}");
        assertEquals(2, s.responses().size());
        Map<String, Object> r = s.responses().get(0);
        assertEquals("a", r.get("id"));
        assertEquals(false, r.get("ok"));
        assertEquals(new BigDecimal(2), r.get("exit"));
        Map<String, Object> d = diag(r, 0);
        assertEquals("error", d.get("severity"));
        assertEquals(bad.toString(), d.get("file"));
        assertEquals(new BigDecimal(3), d.get("line"));
        assertEquals(new BigDecimal(12), d.get("col"));
        assertTrue(((String) d.get("text")).startsWith(bad + ":3:12: error: "), (String) d.get("text"));
        assertTrue(((String) d.get("text")).contains("\n  h = a(w x;\n           ^\n"), (String) d.get("text"));
        assertEquals(true, s.responses().get(1).get("ok"));
        assertEquals("", s.err(), "nothing on standard error, no stack trace");
    }

    @Test
    void missingFileAndUnknownOptionAndForbiddenOptions() throws Exception {
        Served s = serve("{\"op\":\"derive\",\"file\":\"no/such.nn\"}",
                "{\"op\":\"derive\",\"file\":\"samples/resblock.nn\",\"options\":{\"no-such-option\":\"x\"}}",
                "{\"op\":\"derive\",\"file\":\"samples/resblock.nn\",\"options\":{\"output\":\"x.rst\"}}",
                "{\"op\":\"derive\",\"file\":\"-\"}",
                "{\"op\":\"derive\"}",
                "{\"op\":\"frobnicate\"}",
                "{\"op\":\"derive\",\"file\":\"samples/resblock.nn\",\"options\":{\"Bad Name\":1}}");
        assertEquals(7, s.responses().size());
        assertEquals("no/such.nn", diag(s.responses().get(0), 0).get("file"));
        assertEquals("no/such.nn: no such file", diag(s.responses().get(0), 0).get("message"));
        assertEquals("Unknown option: '--no-such-option=x'", diag(s.responses().get(1), 0).get("message"));
        assertEquals("option \"output\": batch mode returns the text; it writes no files",
                diag(s.responses().get(2), 0).get("message"));
        assertEquals("\"file\": standard input carries the requests; give a path", diag(s.responses().get(3), 0).get("message"));
        assertEquals("missing \"file\"", diag(s.responses().get(4), 0).get("message"));
        assertEquals("unknown op \"frobnicate\" (expected \"derive\", \"check\" or \"version\")",
                diag(s.responses().get(5), 0).get("message"));
        assertEquals("option \"Bad Name\": not an option name", diag(s.responses().get(6), 0).get("message"));
        for (Map<String, Object> r : s.responses()) assertEquals(new BigDecimal(2), r.get("exit"));
        assertFalse(Files.exists(Path.of("x.rst")));
    }

    @Test
    void warningsAreStructured(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("w.nn");
        Files.writeString(p, "network W { input x; param b; h = a(w x); loss L(h); }");
        Map<String, Object> r = serve("{\"op\":\"derive\",\"file\":" + q(p.toString()) + "}").responses().get(0);
        assertEquals(true, r.get("ok"));
        Map<String, Object> d = diag(r, 0);
        assertEquals("warning", d.get("severity"));
        assertEquals(new BigDecimal(1), d.get("line"));
        assertEquals(new BigDecimal(28), d.get("col"));
        assertEquals("parameter `b` never reaches the loss `L`: its gradient is zero", d.get("message"));
    }

    @Test
    void badJsonIsAPositionedErrorResponse() throws Exception {
        Served s = serve("{\"id\":1,\"op\":\"version\"}", "", "{\"id\":2,\"op\":", "[1]", "{\"id\":3,\"op\":\"version\"}");
        assertEquals(4, s.responses().size(), "a blank line is no request");
        Map<String, Object> r = s.responses().get(1);
        assertNull(r.get("id"));
        Map<String, Object> d = diag(r, 0);
        assertEquals("<stdin>", d.get("file"));
        assertEquals(new BigDecimal(3), d.get("line"));
        assertEquals(new BigDecimal(14), d.get("col"), "just past the last character");
        assertEquals("bad JSON: expected a value, found the end of the line", d.get("message"));
        assertEquals("<stdin>:3:14: error: bad JSON: expected a value, found the end of the line\n{\"id\":2,\"op\":\n"
                + "             ^\n", d.get("text"));
        assertEquals("a request is a JSON object", diag(s.responses().get(2), 0).get("message"));
        assertEquals(new BigDecimal(3), s.responses().get(3).get("id"));
    }

    @Test
    void badUtf8IsAnErrorResponse() throws Exception {
        byte[] in = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}', '\n', '{', '"', 'o', 'p', '"', ':', '"', 'v', 'e',
                'r', 's', 'i', 'o', 'n', '"', '}', '\n'};
        Served s = serve(in);
        assertEquals(2, s.responses().size());
        Map<String, Object> d = diag(s.responses().get(0), 0);
        assertEquals("request is not valid UTF-8", d.get("message"));
        assertEquals(new BigDecimal(7), d.get("col"));
        assertEquals(true, s.responses().get(1).get("ok"));
    }

    @Test
    void checkOfATextBlockMapsFindingsToDocumentLines(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), TestNetworks.RESBLOCK);
        Path doc = dir.resolve("chapter.rst");
        // The text as an editor holds it: it starts at line 41 of the document; the wrong row is its line 11.
        String block = ".. gradpath: check n.nn\n\n.. math::\n\n   " + GOOD + "\n\n"
                + ".. gradpath: check n.nn\n\n.. math::\n\n   " + BAD + "\n";
        Served s = serve("{\"id\":9,\"op\":\"check\",\"doc\":" + q(doc.toString()) + ",\"text\":" + q(block) + ",\"line\":41}");
        Map<String, Object> r = s.responses().get(0);
        assertEquals(false, r.get("ok"));
        assertEquals(new BigDecimal(1), r.get("exit"));
        assertEquals(new BigDecimal(2), r.get("checked"));
        assertEquals(new BigDecimal(1), r.get("wrong"));
        @SuppressWarnings("unchecked") Map<String, Object> f = (Map<String, Object>) ((List<Object>) r.get("findings")).get(0);
        assertEquals("error", f.get("severity"));
        assertEquals(doc.toString(), f.get("file"));
        assertEquals(new BigDecimal(51), f.get("line"));
        assertEquals("∂s_3/∂h_1 misses 1 of 2 paths: the skip s_3 ← h_1", f.get("message"));
        assertEquals(List.of(dir.resolve("n.nn").toString()), r.get("networks"));
        assertFalse(Files.exists(doc), "the text was checked, no file was needed");
    }

    @Test
    void checkOfADocumentOnDiskAgreesWithTheCommand(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), TestNetworks.RESBLOCK);
        Path doc = dir.resolve("d.rst");
        Files.writeString(doc, "T\n\n.. gradpath: check n.nn\n\n.. math::\n   " + GOOD + "\n");
        Map<String, Object> r = serve("{\"op\":\"check\",\"doc\":" + q(doc.toString()) + "}").responses().get(0);
        assertEquals(true, r.get("ok"));
        assertEquals(new BigDecimal(0), r.get("exit"));
        assertEquals(new BigDecimal(1), r.get("checked"));
        assertEquals(List.of(), r.get("findings"));
        assertEquals("1 checked, 0 wrong\n", Cli.run("check", doc.toString()).out());
    }

    @Test
    void outputIsDeterministic() throws Exception {
        String[] reqs = {"{\"id\":1,\"op\":\"derive\",\"file\":\"samples/overlapping-skips.nn\"}",
                "{\"id\":2,\"op\":\"check\",\"doc\":\"src/it/check-fail/docs/wrong.rst\"}", "{oops"};
        assertEquals(serve(reqs).out(), serve(reqs).out());
    }
}
