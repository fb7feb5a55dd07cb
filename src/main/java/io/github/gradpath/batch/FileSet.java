package io.github.gradpath.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files under a directory chosen by Ant-style include and exclude patterns ({@code **}{@code /} = any number
 * of directories, {@code *} and {@code ?} within one name), as Maven users write them. Results are relative
 * paths in a fixed order, so a build processes and reports files the same way on every machine.
 */
public final class FileSet {
    private final Path directory;
    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    public FileSet(Path directory, List<String> includes, List<String> excludes) {
        this.directory = directory;
        this.includes = compile(includes);
        this.excludes = compile(excludes);
    }

    /** Matching regular files, relative to the directory, sorted by their {@code /}-separated path. */
    public List<Path> scan() throws IOException {
        if (!Files.isDirectory(directory)) return List.of();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile).map(directory::relativize).filter(this::selected).forEach(out::add);
        }
        out.sort((a, b) -> slashes(a).compareTo(slashes(b)));
        return out;
    }

    boolean selected(Path relative) {
        String s = slashes(relative);
        return includes.stream().anyMatch(p -> p.matcher(s).matches())
                && excludes.stream().noneMatch(p -> p.matcher(s).matches());
    }

    static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private static List<Pattern> compile(List<String> patterns) {
        List<Pattern> out = new ArrayList<>();
        if (patterns == null) return out;
        for (String p : patterns) {
            if (p != null && !p.isBlank()) out.add(Pattern.compile(regex(p.trim())));
        }
        return out;
    }

    /** Ant pattern to regular expression; a trailing {@code /} means everything below, as in Ant. */
    static String regex(String pattern) {
        String p = pattern.replace('\\', '/');
        if (p.endsWith("/")) p += "**";
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            if (p.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 3;
            } else if (p.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else {
                char c = p.charAt(i++);
                if (c == '*') re.append("[^/]*");
                else if (c == '?') re.append("[^/]");
                else re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
