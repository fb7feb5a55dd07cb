package io.github.gradpath.cli;

import io.github.gradpath.Pipeline;
import io.github.gradpath.render.DotWriter;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gradpath graph}: the network drawn as the textbook figure (DOT, or SVG and PDF through Graphviz). */
public final class GraphCommand implements Callable<Integer> {
    GradpathCommand parent;
    CommandLine.Model.CommandSpec spec;
    String file;
    Path output;
    String format;
    java.util.List<String> highlight;

    /** The command and its model (see {@link CommandModel}: no annotation is read). */
    static CommandLine.Model.CommandSpec spec(GradpathCommand parent) {
        GraphCommand c = new GraphCommand();
        c.parent = parent;
        CommandModel m = new CommandModel(c, "graph",
                "Draw the network as the textbook figure: layers in a column, skips as arcs beside it.",
                "SVG and PDF are rendered by Graphviz `dot`, which must be installed; DOT is its input.");
        m.networkFile(() -> c.file, v -> c.file = v);
        m.option("OUT", Path.class, () -> c.output, v -> c.output = v, "-o", "--output")
                .description("Write to OUT (atomically).");
        m.option("svg|pdf|dot", String.class, () -> c.format, v -> c.format = v, "--format")
                .description("svg, pdf or dot (default: from the extension of -o, else dot). PDF needs -o.");
        m.list("NAME", String.class, () -> c.highlight, v -> c.highlight = v, "--highlight").splitRegex(",")
                .description("Draw the paths from the loss to these nodes in red (--highlight w_0: the terms of ∂L/∂w_0).");
        c.spec = m.build();
        return c.spec;
    }

    @Override
    public Integer call() throws Exception {
        String fmt = format != null ? format : output == null ? "dot"
                : output.toString().endsWith(".svg") ? "svg" : output.toString().endsWith(".pdf") ? "pdf" : "dot";
        if (!java.util.List.of("svg", "pdf", "dot").contains(fmt)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid value for --format: '" + fmt + "' (expected one of svg, pdf, dot)");
        }
        if (fmt.equals("pdf") && (output == null || output.toString().equals("-"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format pdf needs -o FILE.pdf");
        }
        Pipeline.Loaded loaded = Pipeline.load(file, parent.stdin);
        java.util.List<Integer> lit = highlight == null || highlight.isEmpty() ? java.util.List.of()
                : Pipeline.targets(loaded.graph(), highlight, loaded.diagnostics());
        Options.printWarnings(spec, loaded.diagnostics());
        String dot = DotWriter.write(loaded.graph(), lit);
        if (fmt.equals("dot")) {
            Output.write(dot, output, spec.commandLine().getOut());
            return CommandFactory.OK;
        }
        byte[] rendered = Graphviz.render(dot, fmt);
        if (output == null || output.toString().equals("-")) {
            spec.commandLine().getOut().print(new String(rendered, java.nio.charset.StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        } else {
            Output.writeAtomically(output, rendered);
        }
        return CommandFactory.OK;
    }
}
