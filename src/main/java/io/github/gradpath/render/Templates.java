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
