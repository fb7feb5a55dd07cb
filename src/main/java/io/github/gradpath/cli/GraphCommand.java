package io.github.gradpath.cli;

import io.github.gradpath.Pipeline;
import io.github.gradpath.render.DotWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Write the network's topology as Graphviz DOT (render with: dot -Tsvg).")
public final class GraphCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    GradpathCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Network file (.nn); '-' reads standard input.")
    String file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to OUT (atomically).")
    Path output;

    @Override
    public Integer call() throws Exception {
        Pipeline.Loaded loaded = Pipeline.load(file, parent.stdin);
        Options.printWarnings(spec, loaded.diagnostics());
        Output.write(DotWriter.write(loaded.graph()), output, spec.commandLine().getOut());
        return CommandFactory.OK;
    }
}
