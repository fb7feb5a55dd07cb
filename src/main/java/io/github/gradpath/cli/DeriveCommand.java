package io.github.gradpath.cli;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Form;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.DocumentRenderer;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Templates;
import io.github.gradpath.symbolic.Symbolic;
import io.github.gradpath.symbolic.SymbolicDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "derive", mixinStandardHelpOptions = true,
        description = "Write the gradient of the loss with respect to each parameter (or --wrt node) as a math block.")
public final class DeriveCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    GradpathCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Network file (.nn); '-' reads standard input.")
    String file;

    @Option(names = "--form", defaultValue = "factored",
            description = "factored (textbook style, default), paths (sum over all paths) or adjoint (reverse mode).")
    String form;

    @Option(names = "--wrt", paramLabel = "NAME", split = ",",
            description = "Differentiate with respect to these nodes (default: every parameter).")
    List<String> wrt;

    @Option(names = "--label", description = "Equation label (default: grad-NETWORK).")
    String label;

    @Option(names = "--format",
            description = "rst, myst, latex, gfm (GitHub/GitLab Markdown) or jupyter (.ipynb; default: from the extension of -o, .md, .tex or .ipynb, else rst).")
    String format;

    @Option(names = "--lang", defaultValue = "en", description = "Language of the words around equations: en, zh, or one the templates add.")
    String lang;

    @Option(names = "--templates", paramLabel = "DIR", description = "Directory of templates overriding the built-in ones.")
    Path templates;

    @Option(names = "--max-terms", defaultValue = "10000", description = "Largest path count the paths form may list.")
    int maxTerms;

    @Option(names = "--forward",
            description = "Write the forward-propagation block (from the output down to the first layer) instead.")
    boolean forward;

    @CommandLine.Mixin
    StyleOptions styleOptions;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to OUT (atomically) instead of standard output.")
    Path output;

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
        Diagnostics diags = new Diagnostics();
        NetworkSpec network = Pipeline.parse(file, parent.stdin, diags);
        String text;
        if (Symbolic.isSymbolic(network)) {
            if (f == Form.PATHS) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--form " + form
                        + " is not available for a network with symbolic indices: use --form factored or adjoint");
            }
            Symbolic.Result r = Symbolic.derive(network, new Symbolic.Request(wrt, forward, f), diags);
            Options.printWarnings(spec, diags);
            String lbl = label != null ? label : (forward ? "forward-" : "grad-") + network.name();
            text = new SymbolicDocument(new Templates(templates), lang, style).render(r, fmt, lbl);
        } else {
            Pipeline.Loaded loaded = Pipeline.build(network, diags);
            ComputationGraph g = loaded.graph();
            Options.printWarnings(spec, loaded.diagnostics());
            String lbl = label != null ? label : (forward ? "forward-" : "grad-") + g.network().name();
            if (forward) {
                text = new SymbolicDocument(new Templates(templates), lang, style).render(Symbolic.forward(g), fmt, lbl);
            } else {
                List<Integer> targets = Pipeline.targets(g, wrt, loaded.diagnostics());
                Derivation d = Deriver.derive(g, targets, f, maxTerms);
                text = new DocumentRenderer(new Templates(templates), lang, style).render(d, fmt, lbl);
            }
        }
        Output.write(text, output, spec.commandLine().getOut());
        return CommandFactory.OK;
    }
}
