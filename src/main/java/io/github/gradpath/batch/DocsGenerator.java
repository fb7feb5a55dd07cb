package io.github.gradpath.batch;

import io.github.gradpath.Pipeline;
import io.github.gradpath.cli.AtomicWriter;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Form;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.DocumentRenderer;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Templates;
import io.github.gradpath.symbolic.Symbolic;
import io.github.gradpath.symbolic.SymbolicDocument;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code derive} over a directory of networks, for build tools: one document per {@code .nn} file, named after
 * the file (never after the network, whose name is not a safe path), written only when its bytes change, so an
 * incremental Sphinx build after an unchanged run rebuilds nothing. A bad network is reported and skipped; the
 * others are still written, and the caller fails the build on {@link Outcome#failed()}.
 */
public final class DocsGenerator {
    /** The options {@code gradpath derive} takes, minus the per-network {@code --wrt}. */
    public record Settings(Form form, Format format, String lang, Path templates, String labelPattern,
                           int maxTerms, boolean forward, io.github.gradpath.render.Style style,
                           io.github.gradpath.derive.Layout expand) {
        public Settings(Form form, Format format, String lang, Path templates, String labelPattern, int maxTerms,
                        boolean forward) {
            this(form, format, lang, templates, labelPattern, maxTerms, forward, io.github.gradpath.render.Style.DEFAULT);
        }

        /** Not expanded ({@code expand} null); with a layout, {@code derive --expand --layout} ({@link io.github.gradpath.derive.Expander}). */
        public Settings(Form form, Format format, String lang, Path templates, String labelPattern, int maxTerms,
                        boolean forward, io.github.gradpath.render.Style style) {
            this(form, format, lang, templates, labelPattern, maxTerms, forward, style, null);
        }

        /**
         * The equation label of one network: {@code {network}} in the pattern stands for the network's name,
         * {@code {file}} for the file's name without its extension. No pattern: {@code grad-{network}}, or
         * {@code forward-{network}} for the forward block, as the CLI labels them.
         */
        public String label(String network, Path relative) {
            String pattern = labelPattern != null ? labelPattern : (forward ? "forward-" : "grad-") + "{network}";
            return pattern.replace("{network}", network).replace("{file}", baseName(relative));
        }
    }

    /**
     * What a run did. {@code removed}: documents of networks that are gone, deleted so Sphinx cannot publish them.
     * {@code errors} and {@code warnings} are diagnostics in the {@code file:line:col} form.
     */
    public record Outcome(List<Path> written, List<Path> unchanged, List<Path> removed, int failed, String errors,
                          String warnings) {}

    private final Settings settings;
    private final DocumentRenderer renderer;
    private final SymbolicDocument symbolicRenderer;

    public DocsGenerator(Settings settings) {
        this.settings = settings;
        Templates templates = new Templates(settings.templates());
        this.renderer = new DocumentRenderer(templates, settings.lang(), settings.style());
        this.symbolicRenderer = new SymbolicDocument(templates, settings.lang(), settings.style());
    }

    /** Renders each of {@code relatives} (paths under {@code sourceDir}) to its document under {@code outputDir}. */
    public Outcome run(Path sourceDir, List<Path> relatives, Path outputDir) throws IOException {
        return run(sourceDir, relatives, outputDir, null);
    }

    /**
     * As {@link #run(Path, List, Path)}, and removes the documents of the previous run (listed in {@code manifest},
     * which is then rewritten) that this run no longer produces; a null manifest removes nothing.
     */
    public Outcome run(Path sourceDir, List<Path> relatives, Path outputDir, Path manifest) throws IOException {
        Path out = outputDir.toAbsolutePath().normalize();
        List<Path> written = new ArrayList<>();
        List<Path> unchanged = new ArrayList<>();
        StringBuilder errors = new StringBuilder();
        StringBuilder warnings = new StringBuilder();
        int failed = 0;
        Map<Path, Path> claimed = new LinkedHashMap<>();
        Map<Path, String> digests = new LinkedHashMap<>();
        for (Path rel : relatives) {
            Path input = sourceDir.resolve(rel).toAbsolutePath().normalize();
            Path target = outputFor(out, rel, settings.format());
            if (target == null) {
                errors.append(input).append(": error: its document would lie outside ").append(out).append('\n');
                failed++;
                continue;
            }
            Path earlier = claimed.putIfAbsent(target, input);
            if (earlier != null) {
                errors.append(input).append(": error: its document ").append(target).append(" is already written for ")
                        .append(earlier).append("; rename one of them\n");
                failed++;
                continue;
            }
            try {
                String text = render(input, rel, warnings);
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                digests.put(target, sha256(bytes));
                if (AtomicWriter.write(target, bytes, out, true)) written.add(target);
                else unchanged.add(target);
            } catch (InputException e) {
                errors.append(e.diagnostics().format());
                failed++;
            } catch (Deriver.TooLarge | AtomicWriter.Failure e) {
                errors.append(input).append(": error: ").append(e.getMessage()).append('\n');
                failed++;
            }
        }
        List<Path> removed = removeStale(out, claimed.keySet(), digests, manifest, warnings);
        return new Outcome(List.copyOf(written), List.copyOf(unchanged), removed, failed, errors.toString(),
                warnings.toString());
    }

    /**
     * Deletes the documents the previous run listed in {@code manifest} that this run no longer produces (their
     * network was deleted, renamed or excluded), then lists this run's. The list holds each document's SHA-256
     * as written: a listed file whose bytes differ now (someone edited it) is kept, with a warning naming it, so
     * only gradpath's own untouched output is ever deleted, whatever the templates or language. Directories
     * emptied are removed. The manifest is per execution, outside the output directory: executions whose output
     * directories nest (samples/docs does that) never remove each other's documents. A network that failed this
     * run keeps its previous entry (the build fails; its old document is not deleted).
     */
    private List<Path> removeStale(Path out, java.util.Set<Path> claimed, Map<Path, String> digests, Path manifest,
                                   StringBuilder warnings) throws IOException {
        if (manifest == null) return List.of();
        List<Path> removed = new ArrayList<>();
        Map<Path, String> keep = new java.util.TreeMap<>();
        if (Files.isRegularFile(manifest)) {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                int sp = line.indexOf(' ');
                if (line.startsWith("#") || sp != 64) continue;
                String digest = line.substring(0, sp);
                Path p = out.resolve(line.substring(sp + 1)).normalize();
                if (!p.startsWith(out) || p.equals(out) || !Files.isRegularFile(p)) continue;
                if (claimed.contains(p)) {
                    if (!digests.containsKey(p)) keep.put(p, digest); // failed now: still ours
                    continue;
                }
                if (!digest.equals(sha256(Files.readAllBytes(p)))) {
                    warnings.append(p).append(": warning: no network produces this document any more, but it was"
                            + " changed since gradpath wrote it; it is kept\n");
                    continue;
                }
                Files.delete(p);
                removed.add(p);
                for (Path dir = p.getParent(); dir != null && !dir.equals(out) && dir.startsWith(out);
                     dir = dir.getParent()) {
                    try (var entries = Files.list(dir)) {
                        if (entries.findAny().isPresent()) break;
                    }
                    Files.delete(dir);
                }
            }
        }
        keep.putAll(digests);
        StringBuilder text = new StringBuilder("# Documents gradpath:generate wrote into ").append(out)
                .append(" (SHA-256, path); the next run removes those it no longer writes.\n");
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Path, String> e : keep.entrySet()) {
            lines.add(e.getValue() + " " + FileSet.slashes(out.relativize(e.getKey())));
        }
        lines.sort(java.util.Comparator.comparing(l -> l.substring(65)));
        for (String l : lines) text.append(l).append('\n');
        // The manifest lives beside, not under, the output folder: its own folder is the root it must stay in.
        AtomicWriter.write(manifest, text.toString().getBytes(StandardCharsets.UTF_8), null, true);
        removed.sort(null);
        return List.copyOf(removed);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** What {@code gradpath derive} prints for this file with these settings (keep the two in step). */
    private String render(Path input, Path relative, StringBuilder warnings) {
        Diagnostics diags = new Diagnostics();
        io.github.gradpath.dsl.Parsed parsed = Pipeline.read(input.toString(), InputStream.nullInputStream(), diags);
        NetworkSpec spec = parsed.header();
        String label = settings.label(spec.name(), relative);
        String labelProblem = io.github.gradpath.cli.Labels.problem(label, settings.format());
        if (labelProblem != null) {
            // The label is written unescaped into the document (issue 13): refused, not escaped into another one.
            diags.error(spec.source(), spec.pos(), "label `" + io.github.gradpath.diag.Diagnostic.printable(label) + "`: " + labelProblem);
            throw new InputException(diags);
        }
        if (Symbolic.isSymbolic(spec)) {
            spec = parsed.spec();
            if (settings.form() == Form.PATHS) {
                diags.error(spec.source(), spec.pos(), "form " + settings.form().name().toLowerCase(Locale.ROOT)
                        + " is not available for a network with symbolic indices: use form factored or adjoint");
                throw new InputException(diags);
            }
            Symbolic.Result r = Symbolic.derive(spec, new Symbolic.Request(null, settings.forward(), settings.form()),
                    diags);
            SymbolicDocument doc = symbolicRenderer;
            io.github.gradpath.render.Style style = settings.style();
            if (settings.expand() != null && !settings.forward()) {
                // The general rows written out, checked at both witnesses, as derive --expand does.
                io.github.gradpath.cli.ExpandOptions.Styled x = io.github.gradpath.cli.ExpandOptions.symbolic(spec, r,
                        settings.expand(), style, input.toString(), settings.format(), label, settings.templates(),
                        settings.lang(), diags);
                r = x.result();
                if (x.style() != style) doc = new SymbolicDocument(new io.github.gradpath.render.Templates(settings.templates()), settings.lang(), x.style());
                style = x.style();
            }
            warnings.append(diags.format());
            String text = doc.render(r, settings.format(), label);
            io.github.gradpath.cli.StyleGuard.check(style, spec.name(), input.toString(), settings.format(), text);
            return text;
        }
        Pipeline.Loaded loaded = Pipeline.build(parsed, diags);
        ComputationGraph g = loaded.graph();
        warnings.append(loaded.diagnostics().format());
        if (settings.forward()) return symbolicRenderer.render(Symbolic.forward(g), settings.format(), label);
        Derivation derived = Deriver.derive(g, g.parameters(), settings.form(), settings.maxTerms());
        Derivation d = settings.expand() == null ? derived
                : io.github.gradpath.derive.Expander.expand(g, derived, settings.expand()).derivation();
        String text = renderer.render(d, settings.format(), label);
        io.github.gradpath.cli.StyleGuard.check(settings.style(), spec.name(), input.toString(), settings.format(), text);
        return text;
    }

    /**
     * Where the document of {@code relative} goes: the same relative path with the format's extension, or
     * {@code null} when that path would leave {@code outputDir} (an absolute or {@code ..} path).
     */
    static Path outputFor(Path outputDir, Path relative, Format format) {
        if (relative.isAbsolute() || relative.getFileName() == null) return null;
        String name = baseName(relative) + "." + format.extension();
        Path parent = relative.getParent();
        Path target = outputDir.resolve(parent == null ? Path.of(name) : parent.resolve(name)).normalize();
        return target.startsWith(outputDir) && !target.equals(outputDir) ? target : null;
    }

    static String baseName(Path relative) {
        String file = relative.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
