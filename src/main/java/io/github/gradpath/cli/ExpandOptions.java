package io.github.gradpath.cli;

import io.github.gradpath.derive.Layout;
import picocli.CommandLine;

import java.util.Locale;

/** {@code --expand} and {@code --layout}, read the same way by {@code derive} and {@code verify}. */
public final class ExpandOptions {
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

    /** A symbolic result expanded, and the style to render it with. */
    public record Styled(io.github.gradpath.symbolic.Symbolic.Result result, io.github.gradpath.render.Style style) {}

    /**
     * {@code --expand} at symbolic indices under a style. A style that keeps factors inside a row's {@code \cdots}
     * names unexpanded factors ({@code h_{q+1}/h_q}): the rows are styled (and the styled text checked against the
     * network, as without --expand) before they are expanded, so a kept factor is written out where it was kept,
     * and the expanded rows are rendered without the keep choices (they were applied already).
     */
    public static Styled symbolic(io.github.gradpath.dsl.NetworkSpec network, io.github.gradpath.symbolic.Symbolic.Result r,
                                  Layout layout, io.github.gradpath.render.Style style, String file,
                                  io.github.gradpath.render.Format format, String label, java.nio.file.Path templates,
                                  String lang, io.github.gradpath.diag.Diagnostics diags) {
        String name = network.name();
        if (style.keep().containsKey(name)) {
            String plain = new io.github.gradpath.symbolic.SymbolicDocument(new io.github.gradpath.render.Templates(templates),
                    lang, style).render(r, format, label);
            StyleGuard.check(style, name, file, format, plain);
            if (r.form() == io.github.gradpath.derive.Form.FACTORED) {
                r = new io.github.gradpath.symbolic.Symbolic.Result(r.network(), r.forward(),
                        io.github.gradpath.render.RowStyle.apply(style, name, r.rows()), r.cases(), r.definitions(), r.form());
            }
            java.util.Map<String, java.util.Map<String, java.util.List<String>>> keep = new java.util.HashMap<>(style.keep());
            keep.remove(name);
            style = new io.github.gradpath.render.Style(style.bold(), style.product(), style.identity(), style.cdotsSpace(),
                    style.finalBreak(), style.vdotsSpace(), style.vdotsBefore(), keep);
        }
        return new Styled(io.github.gradpath.symbolic.SymbolicExpander.expand(network, r, layout, diags), style);
    }
}
