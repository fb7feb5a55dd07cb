package io.github.gradpath.cli;

import io.github.gradpath.render.Style;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The notation options of every command that writes math: a style, then single choices overriding it. */
public final class StyleOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--style", paramLabel = "STYLE|FILE", defaultValue = "default",
            description = "Notation: default, chapter (the reference chapter's), or a style file (key = value lines).")
    String style;

    @Option(names = "--bold", paramLabel = "bm|boldsymbol|mathbf|none",
            description = "How vectors are set: {\\bm h} (default), {\\boldsymbol h}, {\\mathbf h} or plain h.")
    String bold;

    @Option(names = "--product", paramLabel = "times|cdot|juxtapose",
            description = "What joins the Jacobians of a product: \\times (default), \\cdot, or nothing.")
    String product;

    @Option(names = "--identity", paramLabel = "source|first|last",
            description = "Where a merge's identity term goes: source (the order of the sum in the network, default),"
                    + " first (1 + ∂F/∂x) or last (∂h_q/∂h_p + 1).")
    String identity;

    /** The style asked for; {@code defaultBold} (a format's) applies unless the style or {@code --bold} says. */
    public Style resolve(Style.Bold defaultBold) {
        Style s = Style.load(style);
        if (defaultBold != null && style.equals("default")) s = s.withBold(defaultBold);
        try {
            if (bold != null) s = s.withBold(Style.choice(Style.Bold.class, "--bold", bold));
            if (product != null) s = s.withProduct(Style.choice(Style.Product.class, "--product", product));
            if (identity != null) s = s.withIdentity(Style.choice(Style.Identity.class, "--identity", identity));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return s;
    }
}
