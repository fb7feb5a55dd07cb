package io.github.gradpath.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a command's result to standard output, or atomically to a file: never a half-written file. */
public final class Output {
    private Output() {}

    /** A document written piece by piece, never held whole. */
    public interface Body {
        void writeTo(Writer out) throws IOException;
    }

    public static void write(String text, Path file, PrintWriter out) throws IOException {
        write(w -> w.write(text), file, out);
    }

    public static void write(Body body, Path file, PrintWriter out) throws IOException {
        if (file == null || file.toString().equals("-")) {
            body.writeTo(out);
            out.flush();
            return;
        }
        writeAtomically(file, body);
    }

    public static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, w -> w.write(text));
    }

    /** Writes to a temporary file beside {@code file}, then moves it into place: never a half-written file. */
    public static void writeAtomically(Path file, Body body) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.writeTo(w);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
