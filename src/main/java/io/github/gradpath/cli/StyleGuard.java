package io.github.gradpath.cli;

import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;
import io.github.gradpath.check.Finding;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Style;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A style that keeps factors inside a row's {@code \cdots} changes what the row says, and only the checker can
 * tell whether a kept factor is one of the steps the dots stand for: so the styled document is checked against its
 * network before it is written, and refused when a row is wrong.
 */
public final class StyleGuard {
    private StyleGuard() {}

    public static void check(Style style, String network, String file, Format format, String text) {
        if (!style.keep().containsKey(network) || format == Format.JUPYTER || !Files.isRegularFile(Path.of(file))) {
            return;
        }
        Path doc = Path.of("styled." + (format == Format.LATEX ? "tex" : format == Format.RST ? "rst" : "md"));
        CheckReport r = DocumentChecker.check(new Source(doc.toString(), text), doc, Path.of(file), null);
        if (r.wrong() == 0) return;
        Diagnostics d = new Diagnostics();
        for (Finding f : r.findings()) {
            if (f.error()) {
                d.error(null, Pos.NONE, "the style's kept factors (keep." + network + ".*) make a row wrong: "
                        + f.message());
            }
        }
        throw new InputException(d);
    }
}
