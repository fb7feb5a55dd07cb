package io.github.gradpath.cli;

import io.github.gradpath.derive.Form;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.render.Format;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Option values shared by several commands, validated into one usage error each. */
final class Options {
    private Options() {}

    static Form form(CommandLine.Model.CommandSpec spec, String value) {
        return parse(spec, "--form", value, Form.class);
    }

    static Format format(CommandLine.Model.CommandSpec spec, String value) {
        return parse(spec, "--format", value, Format.class);
    }

    /** The format an output file's name asks for: {@code .md} MyST, {@code .tex} LaTeX, anything else RST. */
    static String formatFor(java.nio.file.Path output) {
        String name = output == null ? "" : output.getFileName().toString();
        if (name.endsWith(".md")) return "myst";
        if (name.endsWith(".tex")) return "latex";
        if (name.endsWith(".ipynb")) return "jupyter";
        return "rst";
    }

    /**
     * A language is any {@code lang/LANG.properties} the templates have (built-in: en, zh). A missing templates
     * directory is an error too: templates fall back to the built-in ones file by file, so a typo would go unseen.
     */
    static void lang(CommandLine.Model.CommandSpec spec, String value, java.nio.file.Path templates) {
        if (templates != null && !java.nio.file.Files.isDirectory(templates)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid value for --templates: '" + templates + "' is not a directory");
        }
        if (value.contains("/") || value.contains("\\")
                || new io.github.gradpath.render.Templates(templates).find("lang/" + value + ".properties").isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid value for --lang: '" + value
                    + "' (expected en, zh, or a language with lang/" + value + ".properties in --templates)");
        }
    }

    private static <E extends Enum<E>> E parse(CommandLine.Model.CommandSpec spec, String option, String value,
                                               Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid value for " + option + ": '" + value + "' (expected one of " + allowed + ")");
        }
    }

    static void printWarnings(CommandLine.Model.CommandSpec spec, Diagnostics d) {
        if (d.all().isEmpty()) return;
        if (spec.root().userObject() instanceof GradpathCommand g && g.warnings != null) {
            g.warnings.accept(d);
            return;
        }
        spec.commandLine().getErr().print(d.format());
        spec.commandLine().getErr().flush();
    }
}
