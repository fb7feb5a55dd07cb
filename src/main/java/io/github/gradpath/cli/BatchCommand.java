package io.github.gradpath.cli;

import io.github.gradpath.batch.Json;
import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;
import io.github.gradpath.check.Finding;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.diag.SourceReader;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gradpath batch}: many requests, one JVM. Reads one JSON request per line on standard input and writes one
 * JSON response per line on standard output, flushed, in request order, until the end of input. A request that
 * fails (bad JSON, bad input, even a bug) gets an error response and the server goes on; see the README section
 * "Batch mode" for the protocol.
 *
 * <p>{@code derive} requests run the real {@code derive} command in-process: its options are the command's own
 * ({@code {"form": "paths"}} is {@code --form paths}), so every option {@code derive} has, now or later, works here
 * without a second list to keep in step.
 */
public final class BatchCommand implements Callable<Integer> {
    /** Requests whose line is longer than this are refused (and the rest of the line skipped), not buffered. */
    static final int MAX_LINE = 64 << 20;

    GradpathCommand parent;
    CommandLine.Model.CommandSpec spec;

    /** The command and its model (see {@link CommandModel}: no annotation is read). */
    static CommandLine.Model.CommandSpec spec(GradpathCommand parent) {
        BatchCommand c = new BatchCommand();
        c.parent = parent;
        c.spec = new CommandModel(c, "batch", "Serve requests as JSON lines: one request per line on standard input,"
                        + " one response per line on standard output (for the Sphinx extension and editors).",
                "Requests: {\"id\":1,\"op\":\"derive\",\"file\":\"net.nn\",\"options\":{\"form\":\"paths\"}},"
                        + " {\"op\":\"check\",\"doc\":\"ch.rst\",\"text\":\"...\",\"line\":1}, {\"op\":\"version\"}.",
                "Exit 0 at the end of input.").build();
        return c.spec;
    }

    /** The commands that serve {@code derive} requests, built on first use. */
    private CommandLine inner;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        InputStream in = parent.stdin;
        int lineNo = 0;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        boolean eof = false;
        while (!eof) {
            buf.reset();
            boolean tooLong = false;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (buf.size() < MAX_LINE) buf.write(b); else tooLong = true;
            }
            eof = b == -1;
            if (eof && buf.size() == 0 && !tooLong) break;
            lineNo++;
            Map<String, Object> response = tooLong
                    ? error(null, List.of(position(lineNo, 1, "", "request longer than " + MAX_LINE + " bytes")))
                    : serve(buf.toByteArray(), lineNo);
            if (response == null) continue; // a blank line is no request
            out.print(Json.write(response));
            out.print('\n');
            out.flush();
        }
        return CommandFactory.OK;
    }

    /** The response to one line, or null for a blank line. */
    Map<String, Object> serve(byte[] bytes, int lineNo) {
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') len--;
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (CharacterCodingException e) {
            int bad = 0;
            while (bad < len && bytes[bad] >= 0) bad++; // the first non-ASCII byte; good enough for a position
            String prefix = new String(bytes, 0, bad, StandardCharsets.US_ASCII);
            return error(null, List.of(position(lineNo, bad + 1, prefix, "request is not valid UTF-8")));
        }
        if (line.isBlank()) return null;
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (Json.ParseError e) {
            return error(null, List.of(position(lineNo, e.offset() + 1, line, "bad JSON: " + e.getMessage())));
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            return error(null, List.of(position(lineNo, 1, line, "a request is a JSON object")));
        }
        @SuppressWarnings("unchecked") Map<String, Object> req = (Map<String, Object>) m;
        Object id = req.get("id");
        try {
            Object op = req.get("op");
            if ("derive".equals(op)) return derive(id, req);
            if ("check".equals(op)) return check(id, req);
            if ("version".equals(op)) {
                Map<String, Object> r = ok(id, CommandFactory.OK);
                r.put("version", new GradpathCommand.Version().getVersion()[0]);
                return r;
            }
            return usage(id, "unknown op " + (op == null ? "(none)" : Json.write(op))
                    + " (expected \"derive\", \"check\" or \"version\")");
        } catch (Request.Bad e) {
            return usage(id, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            Map<String, Object> r = error(id, List.of(plain("error", "internal error: " + e
                    + " (please report this with the input)")));
            r.put("exit", CommandFactory.INTERNAL);
            return r;
        }
    }

    // ---- derive ----------------------------------------------------------------------------------------------

    private Map<String, Object> derive(Object id, Map<String, Object> req) {
        String file = Request.string(req, "file", true);
        if (file.equals("-")) throw new Request.Bad("\"file\": standard input carries the requests; give a path");
        List<String> args = new ArrayList<>(List.of("derive", file));
        Object options = req.getOrDefault("options", Map.of());
        if (!(options instanceof Map<?, ?> opts)) throw new Request.Bad("\"options\" must be an object");
        for (Map.Entry<?, ?> e : opts.entrySet()) args.addAll(Request.option((String) e.getKey(), e.getValue()));

        StringWriter text = new StringWriter();
        StringWriter err = new StringWriter();
        List<Diagnostics> warnings = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        // One CommandLine for the whole session (building one reflects over every command; picocli resets the
        // options to their defaults on each execute), pointed at this request's writers and collectors.
        if (inner == null) inner = CommandFactory.create(new PrintWriter(text), new PrintWriter(err),
                InputStream.nullInputStream());
        CommandLine cl = inner;
        cl.setOut(new PrintWriter(text));
        cl.setErr(new PrintWriter(err));
        ((GradpathCommand) cl.getCommand()).warnings = warnings::add;
        cl.setParameterExceptionHandler((ex, a) -> { failure[0] = ex; return CommandFactory.BAD_INPUT; });
        cl.setExecutionExceptionHandler((ex, c, p) -> { failure[0] = ex; return CommandFactory.BAD_INPUT; });
        int code = cl.execute(args.toArray(String[]::new));

        List<Object> diags = new ArrayList<>();
        for (Diagnostics d : warnings) diags.addAll(diagnostics(d, null, 0));
        if (failure[0] == null && code == CommandFactory.OK) {
            Map<String, Object> r = ok(id, code);
            r.put("text", text.toString());
            r.put("diagnostics", diags);
            return r;
        }
        Throwable f = failure[0];
        if (f instanceof InputException ie) {
            for (Object o : diagnostics(ie.diagnostics(), null, 0)) {
                // "no such file" and the like come without a source: they are about the requested file.
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) o;
                if (m.get("file") == null) m.put("file", file);
                diags.add(m);
            }
        } else if (f instanceof CommandLine.ParameterException pe) {
            diags.add(plain("error", pe.getMessage()));
        } else if (f instanceof Deriver.TooLarge tl) {
            diags.add(plain("error", file + ": " + tl.getMessage()));
        } else if (f != null) {
            diags.add(plain("error", "internal error: " + f + " (please report this with the input)"));
            code = CommandFactory.INTERNAL;
        } else {
            diags.add(plain("error", err.toString().strip()));
        }
        Map<String, Object> r = error(id, diags);
        r.put("exit", code);
        return r;
    }

    // ---- check -----------------------------------------------------------------------------------------------

    /** The comments that name a network, in every format the checker reads (for the caller's dependency list). */
    private static final Pattern CHECK_COMMENT =
            Pattern.compile("(?m)^\\s*(?:\\.\\.|%|<!--)\\s*gradpath:\\s*check\\s+(\\S+?)\\s*(?:-->)?\\s*$");

    private Map<String, Object> check(Object id, Map<String, Object> req) {
        String doc = Request.string(req, "doc", true);
        if (doc.equals("-")) throw new Request.Bad("\"doc\": standard input carries the requests; give a path");
        Path document = Request.path(doc, "doc");
        String network = Request.string(req, "network", false);
        Path net = network == null ? null : Request.path(network, "network");
        String label = Request.string(req, "label", false);
        boolean strict = Request.bool(req, "strict");
        String text = Request.string(req, "text", false);
        int first = Request.integer(req, "line", 1);
        int offset = first - 1;
        try {
            Source src;
            if (text != null) {
                src = new Source(doc, text);
            } else {
                Diagnostics d = new Diagnostics();
                src = SourceReader.read(doc, InputStream.nullInputStream(), d)
                        .orElseThrow(() -> new InputException(d));
            }
            CheckReport report = DocumentChecker.check(src, document, net, label);
            boolean failed = report.failed(strict);
            Map<String, Object> r = ok(id, failed ? CommandFactory.CHECK_FAILED : CommandFactory.OK);
            r.put("ok", !failed);
            r.put("checked", report.checked());
            r.put("wrong", report.wrong());
            List<Object> findings = new ArrayList<>();
            for (Finding f : report.findings()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("severity", f.error() ? "error" : "warning");
                o.put("file", doc);
                o.put("line", f.line() + offset);
                o.put("message", f.message());
                findings.add(o);
            }
            r.put("findings", findings);
            r.put("networks", networks(src.text(), document, net));
            r.put("diagnostics", List.of());
            return r;
        } catch (InputException e) {
            Map<String, Object> r = error(id, diagnostics(e.diagnostics(), doc, offset));
            r.put("networks", text == null ? List.of() : networks(text, document, net));
            return r;
        } catch (Deriver.TooLarge e) {
            return error(id, List.of(plain("error", doc + ": " + e.getMessage())));
        }
    }

    /** The network files the check read (or would read), absolute, existing, in first-use order. */
    private static List<Object> networks(String text, Path document, Path fixed) {
        Set<Object> out = new LinkedHashSet<>();
        if (fixed != null) {
            if (Files.isRegularFile(fixed)) out.add(fixed.toAbsolutePath().normalize().toString());
            return List.copyOf(out);
        }
        Path dir = document.toAbsolutePath().getParent();
        Matcher m = CHECK_COMMENT.matcher(text);
        while (m.find()) {
            try {
                Path p = dir.resolve(m.group(1)).normalize();
                if (Files.isRegularFile(p)) out.add(p.toString());
            } catch (InvalidPathException ignored) {
                // Not a path: the checker reports it at the comment; nothing to depend on.
            }
        }
        return List.copyOf(out);
    }

    // ---- responses -------------------------------------------------------------------------------------------

    private static Map<String, Object> ok(Object id, int exit) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("ok", true);
        r.put("exit", exit);
        return r;
    }

    private static Map<String, Object> error(Object id, List<Object> diagnostics) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("ok", false);
        r.put("exit", CommandFactory.BAD_INPUT);
        r.put("diagnostics", diagnostics);
        return r;
    }

    private static Map<String, Object> usage(Object id, String message) {
        return error(id, List.of(plain("error", message)));
    }

    /** A diagnostic about the request stream itself: line and column of standard input. */
    private static Map<String, Object> position(int line, int col, String text, String message) {
        Diagnostics d = new Diagnostics();
        // A one-line Source whose line 1 is the request, so the caret lands under the column.
        d.error(new Source("<stdin>", text), new Pos(1, col), message);
        Map<String, Object> o = diagnostic(d.all().get(0), null, 0);
        o.put("line", line);
        o.put("text", d.all().get(0).format().replaceFirst("^<stdin>:1:", "<stdin>:" + line + ":"));
        return o;
    }

    private static Map<String, Object> plain(String severity, String message) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("severity", severity);
        o.put("file", null);
        o.put("line", null);
        o.put("col", null);
        o.put("message", message);
        o.put("text", "gradpath: " + severity + ": " + message + "\n");
        return o;
    }

    /**
     * Diagnostics as JSON objects; those in the document {@code doc} are moved down by {@code offset} lines (the
     * text checked started there), the others (a network's) keep their own positions.
     */
    private static List<Object> diagnostics(Diagnostics d, String doc, int offset) {
        List<Object> out = new ArrayList<>();
        for (Diagnostic x : d.all()) out.add(diagnostic(x, doc, offset));
        return out;
    }

    private static Map<String, Object> diagnostic(Diagnostic x, String doc, int offset) {
        Map<String, Object> o = new LinkedHashMap<>();
        boolean known = x.source() != null && x.pos().known();
        int shift = x.source() != null && x.source().name().equals(doc) ? offset : 0;
        o.put("severity", x.severity() == Diagnostic.Severity.ERROR ? "error" : "warning");
        o.put("file", x.source() == null ? null : x.source().name());
        o.put("line", known ? x.pos().line() + shift : null);
        o.put("col", known ? x.pos().col() : null);
        o.put("message", x.message());
        String formatted = x.format();
        if (known && shift != 0) {
            String where = x.source().name() + ":" + x.pos().line() + ":";
            formatted = x.source().name() + ":" + (x.pos().line() + shift) + ":" + formatted.substring(where.length());
        }
        o.put("text", formatted);
        return o;
    }

    /** Reading the fields of a request; a bad field is one usage error. */
    static final class Request {
        private Request() {}

        static final class Bad extends RuntimeException {
            Bad(String message) { super(message, null, false, false); }
        }

        private static final Pattern OPTION = Pattern.compile("[a-z][a-z0-9-]*");

        static String string(Map<String, Object> req, String key, boolean required) {
            Object v = req.get(key);
            if (v == null) {
                if (required) throw new Bad("missing \"" + key + "\"");
                return null;
            }
            if (!(v instanceof String s)) throw new Bad("\"" + key + "\" must be a string");
            return s;
        }

        static boolean bool(Map<String, Object> req, String key) {
            Object v = req.get(key);
            if (v == null) return false;
            if (!(v instanceof Boolean b)) throw new Bad("\"" + key + "\" must be true or false");
            return b;
        }

        static int integer(Map<String, Object> req, String key, int dflt) {
            Object v = req.get(key);
            if (v == null) return dflt;
            try {
                if (v instanceof BigDecimal bd && bd.intValueExact() >= 1) return bd.intValueExact();
            } catch (ArithmeticException ignored) {
                // falls through to the error
            }
            throw new Bad("\"" + key + "\" must be a whole number >= 1");
        }

        static Path path(String value, String key) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new Bad("\"" + key + "\": not a path: " + e.getMessage());
            }
        }

        /**
         * One {@code derive} option as command-line words: {@code "form": "paths"} is {@code --form paths},
         * {@code true} a flag, {@code false} nothing, a list one value joined by commas ({@code --wrt a,b}).
         */
        static List<String> option(String key, Object value) {
            if (!OPTION.matcher(key).matches()) throw new Bad("option \"" + key + "\": not an option name");
            if (key.equals("o") || key.equals("output")) {
                throw new Bad("option \"" + key + "\": batch mode returns the text; it writes no files");
            }
            String flag = "--" + key;
            if (value instanceof Boolean b) return b ? List.of(flag) : List.of();
            // --key=value, one word: a value starting with '-' is then never read as an option.
            if (value instanceof String s) return List.of(flag + "=" + s);
            if (value instanceof BigDecimal n) return List.of(flag + "=" + n.toPlainString());
            if (value instanceof List<?> l) {
                List<String> parts = new ArrayList<>();
                for (Object o : l) {
                    if (!(o instanceof String s)) throw new Bad("option \"" + key + "\": a list of strings expected");
                    parts.add(s);
                }
                return List.of(flag + "=" + String.join(",", parts));
            }
            throw new Bad("option \"" + key + "\": expected a string, number, boolean or list of strings");
        }
    }
}
