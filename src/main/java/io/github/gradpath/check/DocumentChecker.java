package io.github.gradpath.check;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.diag.SourceReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gradpath check}: reads a document (RST, MyST Markdown or LaTeX, by extension), finds every gradient row
 * it states and compares it with the truth for the network, plus Sphinx lint. The network comes from the caller
 * or, per block, from a {@code gradpath: check NET} comment (NET relative to the document's folder).
 */
public final class DocumentChecker {
    private DocumentChecker() {}

    /** Document formats, told apart by extension ({@code .md}, {@code .tex}; anything else is RST). */
    enum Kind { RST, MYST, LATEX }

    /**
     * Checks {@code document}; {@code networkOrNull} overrides every comment; {@code labelOrNull} restricts the
     * check to the block with that label.
     *
     * @throws InputException when the document or a network cannot be read, or no block has the label
     */
    public static CheckReport check(Path document, Path networkOrNull, String labelOrNull) {
        return check(document, networkOrNull, labelOrNull, List.of());
    }

    /**
     * As {@link #check(Path, Path, String)}, with conventions ({@code partials=immediate}, {@code alias=...}) for
     * every block; a check comment's own settings are added to them.
     *
     * @throws IllegalArgumentException for a convention that is not known, with the reason
     */
    public static CheckReport check(Path document, Path networkOrNull, String labelOrNull, List<String> conventions) {
        Conventions base;
        try {
            base = Conventions.parse(conventions);
        } catch (Conventions.Bad e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Diagnostics d = new Diagnostics();
        Source src = SourceReader.read(document.toString(), System.in, d).orElseThrow(() -> new InputException(d));
        return check(src, document, networkOrNull, labelOrNull, base);
    }

    /**
     * Checks the text {@code src} as the document {@code document} (its name in findings, its folder for the
     * networks comments name): the batch mode checks what Sphinx or an editor holds, which may not be on disk.
     */
    public static CheckReport check(Source src, Path document, Path networkOrNull, String labelOrNull) {
        return check(src, document, networkOrNull, labelOrNull, Conventions.DEFAULT);
    }

    private static CheckReport check(Source src, Path document, Path networkOrNull, String labelOrNull, Conventions base) {
        Diagnostics d = new Diagnostics();
        Map<Path, Networks.Loaded> cache = new HashMap<>();
        Networks.Loaded fixed = networkOrNull == null ? null : Networks.load(networkOrNull);
        MathUnit.Scan scan = switch (kind(document)) {
            case MYST -> MystScanner.scan(src);
            case LATEX -> LatexScanner.scan(src);
            case RST -> RstScanner.scan(src);
        };
        List<MathUnit> units = scan.units();
        if (labelOrNull != null) {
            units = units.stream().filter(u -> labelOrNull.equals(u.label())).toList();
            if (units.isEmpty()) {
                d.error(src, Pos.NONE, "no math block in " + document + " is labelled `" + labelOrNull + "`");
                throw new InputException(d);
            }
        }
        UnitChecker checker = new UnitChecker(document);
        List<Finding> missing = new ArrayList<>();
        for (MathUnit u : units) {
            Networks.Loaded net = fixed;
            if (net == null && u.network() != null) {
                Path dir = document.toAbsolutePath().getParent();
                Path p = dir.resolve(u.network()).normalize();
                if (!Files.isRegularFile(p)) {
                    // Fails this block only: aborting the document would hide every other finding in it.
                    // One finding per comment, however many pieces of math the comment's paragraph holds.
                    if (missing.isEmpty() || missing.get(missing.size() - 1).line() != u.networkLine()) {
                        missing.add(new Finding(document, u.networkLine(), true, "network `" + u.network()
                                + "` not found (looked for " + p + "); the block after this comment is not checked"));
                    }
                    continue;
                }
                net = cache.computeIfAbsent(p, Networks::load);
            }
            if (net == null) {
                if (Mentions.derivative(u.text())) {
                    checker.findings.add(new Finding(document, u.line(0), false, "not checked: no network is named for"
                            + " this math (put a `gradpath: check NET` comment before it, or give --network NET)"));
                }
                continue;
            }
            checker.check(u, net, merge(base, u.conventions()));
        }
        List<Finding> all = new ArrayList<>(checker.findings);
        all.addAll(missing);
        for (MathUnit.Lint l : scan.lints()) all.add(new Finding(document, l.line(), false, l.message()));
        all.sort(Comparator.comparingInt(Finding::line));
        List<Trace> traces = new ArrayList<>(checker.traces);
        traces.sort(Comparator.comparingInt(Trace::line));
        return new CheckReport(all, checker.checked, checker.wrong, traces);
    }

    /** The command line's conventions with a block's own on top. */
    private static Conventions merge(Conventions cli, Conventions block) {
        if (block == Conventions.DEFAULT || block.equals(Conventions.DEFAULT)) return cli;
        Map<String, String> aliases = new HashMap<>(cli.aliases());
        aliases.putAll(block.aliases());
        return new Conventions(cli.immediate() || block.immediate(), cli.inputFirst() || block.inputFirst(),
                cli.denominator() || block.denominator(), cli.scalar() || block.scalar(), aliases);
    }

    static Kind kind(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".md") || n.endsWith(".markdown") || n.endsWith(".myst")) return Kind.MYST;
        if (n.endsWith(".tex") || n.endsWith(".latex") || n.endsWith(".ltx")) return Kind.LATEX;
        return Kind.RST;
    }
}
