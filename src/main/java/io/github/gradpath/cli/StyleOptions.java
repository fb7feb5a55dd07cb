package io.github.gradpath.cli;

import io.github.gradpath.render.Style;
import picocli.CommandLine;

/** The notation options of every command that writes math: a style, then single choices overriding it. */
public final class StyleOptions {
    /** The command these options are part of (its usage errors are theirs). */
    CommandLine.Model.CommandSpec spec;
    String style;
    String bold;
    String product;
    String identity;

    /** Adds {@code --style}, {@code --bold}, {@code --product} and {@code --identity} to a command's model. */
    void addTo(CommandModel m) {
        m.option("STYLE|FILE", String.class, () -> style, v -> style = v, "--style").defaultValue("default")
                .description("Notation: default, chapter (the reference chapter's), or a style file (key = value lines).");
        m.option("bm|boldsymbol|mathbf|none", String.class, () -> bold, v -> bold = v, "--bold")
                .description("How vectors are set: {\\bm h} (default), {\\boldsymbol h}, {\\mathbf h} or plain h.");
        m.option("times|cdot|juxtapose", String.class, () -> product, v -> product = v, "--product")
                .description("What joins the Jacobians of a product: \\times (default), \\cdot, or nothing.");
        m.option("source|first|last", String.class, () -> identity, v -> identity = v, "--identity")
                .description("Where a merge's identity term goes: source (the order of the sum in the network, default),"
                        + " first (1 + ∂F/∂x) or last (∂h_q/∂h_p + 1).");
    }

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
