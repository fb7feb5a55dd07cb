package io.github.gradpath.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;

@Command(name = "gradpath", mixinStandardHelpOptions = true, versionProvider = GradpathCommand.Version.class,
        description = "Chain-rule derivations for neural networks, correct by construction.",
        subcommands = {DeriveCommand.class, PathsCommand.class, GraphCommand.class, CheckCommand.class,
                VerifyCommand.class, BatchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a check failed", "2:bad input or usage", "3:internal error"})
public final class GradpathCommand implements Runnable {
    final InputStream stdin;
    /** Where commands put their warnings instead of printing them (the batch mode returns them as JSON). */
    java.util.function.Consumer<io.github.gradpath.diag.Diagnostics> warnings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    GradpathCommand(InputStream stdin) { this.stdin = stdin; }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GradpathCommand.class.getPackage().getImplementationVersion();
            return new String[] {"gradpath " + (v == null ? "development build" : v)};
        }
    }
}
