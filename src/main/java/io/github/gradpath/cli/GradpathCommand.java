package io.github.gradpath.cli;

import picocli.CommandLine;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The top level, {@code gradpath}: only a subcommand does anything. */
public final class GradpathCommand implements Runnable {
    final InputStream stdin;
    /** Where commands put their warnings instead of printing them (the batch mode returns them as JSON). */
    java.util.function.Consumer<io.github.gradpath.diag.Diagnostics> warnings;

    CommandLine.Model.CommandSpec spec;

    GradpathCommand(InputStream stdin) { this.stdin = stdin; }

    /** The top level's model, without subcommands (see {@link CommandModel}: no annotation is read). */
    CommandLine.Model.CommandSpec spec() {
        spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(this);
        spec.name("gradpath").versionProvider(new Version());
        CommandLine.Model.UsageMessageSpec usage = spec.usageMessage();
        usage.description("Chain-rule derivations for neural networks, correct by construction.");
        usage.exitCodeListHeading("%nExit codes:%n");
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put("0", "ok");
        exitCodes.put("1", "a check failed");
        exitCodes.put("2", "bad input or usage");
        exitCodes.put("3", "internal error");
        usage.exitCodeList(exitCodes);
        CommandModel.standardHelp(spec);
        return spec;
    }

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
