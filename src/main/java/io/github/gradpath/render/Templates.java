package io.github.gradpath.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Template files, from a user's directory when given (falling back to ours per file), else from the ones shipped
 * in the jar (the project's {@code templates/} directory). Placeholders are {@code ${name}}, filled by
 * commons-text.
 */
public final class Templates {
    private final Path userDir;

    public Templates(Path userDir) { this.userDir = userDir; }

    public static Templates builtIn() { return new Templates(null); }

    public String get(String relative) {
        if (userDir != null) {
            Path p = userDir.resolve(relative);
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read template " + p, e);
                }
            }
        }
        try (InputStream in = Templates.class.getResourceAsStream("/templates/" + relative)) {
            if (in == null) throw new IllegalArgumentException("no template " + relative);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + relative, e);
        }
    }

    /** Where a template comes from, for messages: the user's file, or {@code templates/...} in gradpath. */
    public String origin(String relative) {
        if (userDir != null && Files.isRegularFile(userDir.resolve(relative))) return userDir.resolve(relative).toString();
        return "templates/" + relative;
    }

    /**
     * {@code template} (the file {@code relative}, or a value from it) with its {@code ${name}} placeholders
     * filled from {@code vars}. A placeholder with no value is an error at its line and column: left as it is,
     * it would be printed into the document, and in math, typeset. {@code $${x}} is a literal {@code ${x}}.
     */
    public String fill(String relative, String template, Map<String, String> vars) {
        // One pass of our own: values are never scanned again, so a value ending in `$` next to a placeholder
        // (`${dollar}${math}`) cannot turn into an escape, as it would with a rescanning substitutor.
        java.util.regex.Matcher m = PLACEHOLDER.matcher(template);
        io.github.gradpath.diag.Diagnostics d = null;
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            last = m.end();
            if (m.start() > 0 && template.charAt(m.start() - 1) == '$') {
                out.setLength(out.length() - 1); // `$${x}` is the literal `${x}`
                out.append(m.group());
                continue;
            }
            String value = vars.get(m.group(1));
            if (value != null) {
                out.append(value);
                continue;
            }
            if (d == null) d = new io.github.gradpath.diag.Diagnostics();
            String text = find(relative).orElse(template);
            int base = Math.max(0, text.indexOf(template));
            io.github.gradpath.diag.Source src = new io.github.gradpath.diag.Source(origin(relative), text);
            java.util.List<String> known = new java.util.ArrayList<>(new java.util.TreeSet<>(vars.keySet()));
            known.removeIf(k -> k.contains("."));
            d.error(src, src.pos(base + m.start()), "unknown placeholder ${" + m.group(1) + "} (this template has "
                    + String.join(", ", known.stream().map(k -> "${" + k + "}").toList()) + ")");
        }
        if (d != null) throw new io.github.gradpath.diag.InputException(d);
        out.append(template, last, template.length());
        return out.toString();
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\{([^}]*)}");

    public Optional<String> find(String relative) {
        try {
            return Optional.of(get(relative));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The words of a language ({@code lang/en.properties}), read as UTF-8 so Chinese needs no escapes. */
    public Map<String, String> words(String lang) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(get("lang/" + lang + ".properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }
}
