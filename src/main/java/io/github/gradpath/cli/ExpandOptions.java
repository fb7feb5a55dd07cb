package io.github.gradpath.cli;

import io.github.gradpath.derive.Layout;
import picocli.CommandLine;

import java.util.Locale;

/** {@code --expand} and {@code --layout}, read the same way by {@code derive} and {@code verify}. */
final class ExpandOptions {
    private ExpandOptions() {}

    /** The layout named by {@code --layout}; a layout without {@code --expand}, or a bad name, is a usage error. */
    static Layout layout(CommandLine.Model.CommandSpec spec, String layout, boolean expand, boolean forward) {
        Layout l = switch (layout.toLowerCase(Locale.ROOT)) {
            case "numerator" -> Layout.NUMERATOR;
            case "denominator" -> Layout.DENOMINATOR;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid value for --layout: `" + layout + "` (expected numerator or denominator)");
        };
        if (l == Layout.DENOMINATOR && !expand) {
            // Unexpanded rows are written in the numerator order only; the option would otherwise do nothing.
            throw new CommandLine.ParameterException(spec.commandLine(), "--layout denominator needs --expand");
        }
        if (expand && forward) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--expand writes gradient rows and has no effect with --forward");
        }
        return l;
    }
}
