package io.github.gradpath.render;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A house style: how the renderer spells what the derivation says. Nothing here changes which paths a row sums
 * over; {@link RowStyle} applies the two row-level choices (extra {@code \vdots}, factors kept inside a
 * {@code \cdots}) and says why each stays true.
 *
 * @param bold         how vectors are set: {@code {\bm h}}, {@code {\boldsymbol h}}, {@code {\mathbf h}} or plain
 * @param product      what stands between Jacobians
 * @param identity     where the identity term of a merge's sum goes ({@code 1 + ∂h_q/∂h_p} or {@code ∂h_q/∂h_p + 1})
 * @param cdotsSpace   {@code \cdots \times} (the chapter) rather than {@code \cdots\times}
 * @param finalBreak   {@code \\} after the last row of a block too (the chapter ends every row with one)
 * @param vdotsSpace   {@code &\ \ \vdots \\} rather than {@code &\ \ \vdots\\}
 * @param vdotsBefore  per network, rows (by name: {@code w_{p-1}}, {@code h_1}) that get a {@code \vdots} row above
 *                     them even where no row is left out
 * @param keep         per network and row, factors ({@code h_{q+1}/h_q}) written inside that row's {@code \cdots}
 */
public record Style(Bold bold, Product product, Identity identity, boolean cdotsSpace, boolean finalBreak,
                    boolean vdotsSpace, Map<String, Set<String>> vdotsBefore,
                    Map<String, Map<String, List<String>>> keep) {

    public enum Bold { BM, BOLDSYMBOL, MATHBF, NONE }

    public enum Product { TIMES, CDOT, JUXTAPOSE }

    /** {@code source}: the order of the sum in the network file; {@code first}/{@code last}: the identity there. */
    public enum Identity { SOURCE, FIRST, LAST }

    public static final Style DEFAULT = new Style(Bold.BM, Product.TIMES, Identity.SOURCE, false, false, false,
            Map.of(), Map.of());

    public Style {
        vdotsBefore = Map.copyOf(vdotsBefore);
        keep = Map.copyOf(keep);
    }

    public Style withBold(Bold b) {
        return new Style(b, product, identity, cdotsSpace, finalBreak, vdotsSpace, vdotsBefore, keep);
    }

    public Style withProduct(Product p) {
        return new Style(bold, p, identity, cdotsSpace, finalBreak, vdotsSpace, vdotsBefore, keep);
    }

    public Style withIdentity(Identity i) {
        return new Style(bold, product, i, cdotsSpace, finalBreak, vdotsSpace, vdotsBefore, keep);
    }

    /** Names of the built-in styles, each {@code styles/NAME.properties} in the jar. */
    public static final List<String> BUILT_IN = List.of("default", "chapter");

    /**
     * A built-in style by name, else a style file. Keys are those of {@code templates/styles/chapter.properties};
     * an unknown key or value is an error at its line.
     */
    public static Style load(String nameOrFile) {
        if (BUILT_IN.contains(nameOrFile)) {
            if (nameOrFile.equals("default")) return DEFAULT;
            try (InputStream in = Style.class.getResourceAsStream("/templates/styles/" + nameOrFile + ".properties")) {
                if (in == null) throw new IllegalStateException("built-in style " + nameOrFile + " missing");
                return parse(new Source("style " + nameOrFile, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        Path p = Path.of(nameOrFile);
        Diagnostics d = new Diagnostics();
        if (!Files.isRegularFile(p)) {
            d.error(null, Pos.NONE, "style `" + nameOrFile + "` is neither a built-in style ("
                    + String.join(", ", BUILT_IN) + ") nor a file");
            throw new InputException(d);
        }
        try {
            return parse(new Source(nameOrFile, Files.readString(p, StandardCharsets.UTF_8)));
        } catch (IOException | java.io.UncheckedIOException e) {
            d.error(null, Pos.NONE, "cannot read style file " + nameOrFile + ": " + e.getMessage());
            throw new InputException(d);
        }
    }

    /**
     * {@code key = value} lines, {@code #} comments. Our own small reader rather than {@link java.util.Properties}:
     * an error must name its line, and a book's style file is read as UTF-8 with no escapes.
     */
    public static Style parse(Source src) {
        Diagnostics d = new Diagnostics();
        Bold bold = DEFAULT.bold;
        Product product = DEFAULT.product;
        Identity identity = DEFAULT.identity;
        boolean cdotsSpace = false, finalBreak = false, vdotsSpace = false;
        Map<String, Set<String>> vdots = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> keep = new LinkedHashMap<>();
        for (int ln = 1; ln <= src.lineCount(); ln++) {
            String line = src.line(ln);
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int eq = line.indexOf('=');
            int col = line.indexOf(t.charAt(0)) + 1;
            if (eq < 0) {
                d.error(src, new Pos(ln, col), "expected `key = value`");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            Pos vpos = new Pos(ln, eq + 2 + (line.substring(eq + 1).length() - line.substring(eq + 1).stripLeading().length()));
            try {
                switch (key) {
                    case "bold" -> bold = choice(Bold.class, key, value);
                    case "product" -> product = choice(Product.class, key, value);
                    case "identity" -> identity = choice(Identity.class, key, value);
                    case "cdots.space" -> cdotsSpace = bool(key, value);
                    case "row.break.last" -> finalBreak = bool(key, value);
                    case "vdots.space" -> vdotsSpace = bool(key, value);
                    default -> {
                        String[] parts = key.split("\\.", -1);
                        if (parts.length == 3 && parts[0].equals("vdots") && parts[1].equals("before")
                                && !parts[2].isEmpty()) {
                            vdots.computeIfAbsent(parts[2], k -> new LinkedHashSet<>()).addAll(names(value));
                        } else if (parts.length == 3 && parts[0].equals("keep") && !parts[1].isEmpty()
                                && !parts[2].isEmpty()) {
                            for (String f : names(value)) RowStyle.parseFactor(f);
                            keep.computeIfAbsent(parts[1], k -> new LinkedHashMap<>()).put(parts[2], names(value));
                        } else {
                            d.error(src, new Pos(ln, col), "unknown style key `" + key + "` (expected bold, product,"
                                    + " identity, cdots.space, row.break.last, vdots.space, vdots.before.NETWORK or"
                                    + " keep.NETWORK.ROW)");
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                d.error(src, vpos, e.getMessage());
            }
        }
        if (d.hasErrors()) throw new InputException(d);
        return new Style(bold, product, identity, cdotsSpace, finalBreak, vdotsSpace, vdots, keep);
    }

    /** {@code w_{p-1}, w_0}: split at commas outside braces. */
    static List<String> names(String value) {
        List<String> out = new java.util.ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == ',' && depth == 0) {
                String n = value.substring(start, i).strip();
                if (n.isEmpty()) throw new IllegalArgumentException("empty name in `" + value + "`");
                out.add(n);
                start = i + 1;
            }
        }
        return out;
    }

    public static <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        for (E e : type.getEnumConstants()) if (e.name().toLowerCase(Locale.ROOT).equals(value)) return e;
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (allowed.length() > 0) allowed.append(", ");
            allowed.append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("invalid value for " + option + ": '" + value + "' (expected one of " + allowed + ")");
    }

    private static boolean bool(String option, String v) {
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw new IllegalArgumentException("invalid value for " + option + ": '" + v + "' (expected true or false)");
    }
}
