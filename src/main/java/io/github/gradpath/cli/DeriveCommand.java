package io.github.gradpath.cli;

import io.github.gradpath.Pipeline;
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
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gradpath derive}: the gradient rows of a network as a math block (RST, MyST, LaTeX, Markdown, Jupyter). */
public final class DeriveCommand implements Callable<Integer> {
    GradpathCommand parent;
    CommandLine.Model.CommandSpec spec;
    List<String> files;
    String form;
    List<String> wrt;
    String label;
    String format;
    String lang;
    Path templates;
    int maxTerms;
    boolean forward;
    boolean expand;
    String layout;
    final StyleOptions styleOptions = new StyleOptions();
    Path output;
    Path outputDir;

    /** The command and its model (see {@link CommandModel}: no annotation is read). */
    static CommandLine.Model.CommandSpec spec(GradpathCommand parent) {
        DeriveCommand c = new DeriveCommand();
        c.parent = parent;
        CommandModel m = new CommandModel(c, "derive",
                "Write the gradient of the loss with respect to each parameter (or --wrt node) as a math block.");
        m.positionals("FILE", String.class, () -> c.files, v -> c.files = v).arity("1..*")
                .description("Network file (.nn); '-' reads standard input. Several files need -d.");
        m.option("<form>", String.class, () -> c.form, v -> c.form = v, "--form").defaultValue("factored")
                .description("factored (textbook style, default), paths (sum over all paths) or adjoint (reverse mode).");
        m.wrt("Differentiate with respect to these nodes (default: every parameter).", () -> c.wrt, v -> c.wrt = v);
        m.option("<label>", String.class, () -> c.label, v -> c.label = v, "--label")
                .description("Equation label (default: grad-NETWORK).");
        m.option("<format>", String.class, () -> c.format, v -> c.format = v, "--format")
                .description("rst, myst, latex, gfm (GitHub/GitLab Markdown) or jupyter (.ipynb; default: from the extension of -o, .md, .tex or .ipynb, else rst).");
        m.option("<lang>", String.class, () -> c.lang, v -> c.lang = v, "--lang").defaultValue("en")
                .description("Language of the words around equations: en, zh, or one the templates add.");
        m.option("DIR", Path.class, () -> c.templates, v -> c.templates = v, "--templates")
                .description("Directory of templates overriding the built-in ones.");
        m.maxTerms(() -> c.maxTerms, v -> c.maxTerms = v);
        m.flag(() -> c.forward, v -> c.forward = v, "<forward>", "--forward")
                .description("Write the forward-propagation block (from the output down to the first layer) instead.");
        m.flag(() -> c.expand, v -> c.expand = v, "<expand>", "--expand")
                .description("Write every edge Jacobian out (diag(a'(z)) W, selectors, diag(v) for gates) and weight gradients as matrices.");
        m.option("<layout>", String.class, () -> c.layout, v -> c.layout = v, "--layout").defaultValue("numerator")
                .description("With --expand: numerator (Jacobians in the written order, default) or denominator (gradients as columns).");
        c.styleOptions.addTo(m);
        m.option("OUT", Path.class, () -> c.output, v -> c.output = v, "-o", "--output")
                .description("Write to OUT (atomically) instead of standard output.");
        m.option("OUTDIR", Path.class, () -> c.outputDir, v -> c.outputDir = v, "-d", "--output-dir")
                .description("Write each FILE's derivation to OUTDIR/NAME.rst (.md, .tex with --format), atomically;"
                        + " a file with errors is reported and skipped, the others are written.");
        c.spec = m.build();
        c.styleOptions.spec = c.spec;
        return c.spec;
    }

    @Override
    public Integer call() throws Exception {
        Form f = Options.form(spec, form);
        Format fmt = Options.format(spec, format != null ? format : Options.formatFor(output));
        Options.lang(spec, lang, templates);
        io.github.gradpath.render.Style style = styleOptions.resolve(fmt.defaultBold());
        String labelProblem = label == null ? null : Labels.problem(label, fmt);
        if (labelProblem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid value for --label: " + labelProblem);
        }
        if (maxTerms < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid value for --max-terms: " + maxTerms + " (expected >= 1)");
        }
        if (forward && wrt != null && !wrt.isEmpty()) {
            // The forward block has every row; a --wrt would otherwise be dropped without a word, typo or not.
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--wrt selects gradient rows and has no effect with --forward (which writes every forward row)");
        }
        ExpandOptions.layout(spec, layout, expand, forward); // a bad --layout is reported before any file is read
        if (outputDir == null) {
            if (files.size() > 1) throw usage("several FILEs need -d OUTDIR (one output file each)");
            Output.write(derive(files.get(0), f, fmt, style, label), output, spec.commandLine().getOut());
            return CommandFactory.OK;
        }
        if (output != null) throw usage("-o and -d cannot be used together");
        if (label != null && files.size() > 1) throw usage("--label names one block: give it with one FILE only");
        Map<Path, String> targets = new LinkedHashMap<>();
        for (String file : files) {
            if (file.equals("-")) throw usage("'-' (standard input) has no name to write under OUTDIR: use -o");
            Path out = outputDir.resolve(outputName(Path.of(file), fmt));
            String other = targets.put(out, file);
            if (other != null) throw usage(other + " and " + file + " would both write " + out);
        }
        // Each input on its own: its errors are reported and it is skipped; the others are still written.
        int code = CommandFactory.OK;
        PrintWriter err = spec.commandLine().getErr();
        for (Map.Entry<Path, String> t : targets.entrySet()) {
            try {
                // -d names a folder to fill, like javac -d or mkdir -p: it and its subfolders are made as needed.
                Output.writeAtomically(t.getKey(), derive(t.getValue(), f, fmt, style, label), true);
            } catch (InputException e) {
                err.print(e.diagnostics().format());
                err.flush();
                code = CommandFactory.BAD_INPUT;
            } catch (Deriver.TooLarge e) {
                err.println(t.getValue() + ": error: " + e.getMessage());
                err.flush();
                code = CommandFactory.BAD_INPUT;
            }
        }
        return code;
    }

    /** {@code net.nn} to {@code net.rst} (or the format's extension). */
    static String outputName(Path file, Format fmt) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + "." + fmt.extension();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * One network file's document: read, checked and derived now (so its errors come before any output), written
     * when the returned body is.
     */
    private Output.Body derive(String file, Form f, Format fmt, io.github.gradpath.render.Style style, String label)
            throws java.io.IOException {
        Diagnostics diags = new Diagnostics();
        io.github.gradpath.dsl.Parsed parsed = Pipeline.read(file, parent.stdin, diags);
        NetworkSpec network = parsed.header();
        if (Symbolic.isSymbolic(network)) {
            network = parsed.spec();
            if (f == Form.PATHS) {
                throw usage("--form " + form
                        + " is not available for a network with symbolic indices: use --form factored or adjoint");
            }
            Symbolic.Result r = Symbolic.derive(network, new Symbolic.Request(wrt, forward, f), diags);
            String lbl = label != null ? label : (forward ? "forward-" : "grad-") + network.name();
            if (expand) {
                ExpandOptions.Styled x = ExpandOptions.symbolic(network, r, ExpandOptions.layout(spec, layout, true, false),
                        style, file, fmt, lbl, templates, lang, diags);
                r = x.result();
                style = x.style();
            }
            Options.printWarnings(spec, diags);
            String text = new SymbolicDocument(new Templates(templates), lang, style).render(r, fmt, lbl);
            StyleGuard.check(style, network.name(), file, fmt, text);
            return w -> w.write(text);
        }
        Pipeline.Loaded loaded = Pipeline.build(parsed, diags);
        ComputationGraph g = loaded.graph();
        Options.printWarnings(spec, loaded.diagnostics());
        String lbl = label != null ? label : (forward ? "forward-" : "grad-") + g.network().name();
        if (forward) {
            String text = new SymbolicDocument(new Templates(templates), lang, style).render(Symbolic.forward(g), fmt, lbl);
            StyleGuard.check(style, network.name(), file, fmt, text);
            return w -> w.write(text);
        }
        List<Integer> targets = Pipeline.targets(g, wrt, loaded.diagnostics());
        Derivation derived = Deriver.derive(g, targets, f, maxTerms);
        Derivation d = !expand ? derived
                : io.github.gradpath.derive.Expander.expand(g, derived, ExpandOptions.layout(spec, layout, true, false)).derivation();
        DocumentRenderer renderer = new DocumentRenderer(new Templates(templates), lang, style);
        if (style.keep().containsKey(network.name())) {
            // Kept factors are checked against the network before anything is written: the text is needed whole.
            java.io.StringWriter sw = new java.io.StringWriter();
            renderer.write(d, fmt, lbl, sw);
            String text = sw.toString();
            StyleGuard.check(style, network.name(), file, fmt, text);
            return w -> w.write(text);
        }
        return w -> renderer.write(d, fmt, lbl, w);
    }
}
