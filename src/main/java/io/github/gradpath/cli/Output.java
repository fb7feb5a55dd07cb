package io.github.gradpath.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes a command's result to standard output, or atomically to a file: never a half-written file. */
public final class Output {
    private Output() {}

    /** Standard output that cannot be written ({@code > /dev/full}, a closed pipe) is an error, not exit 0. */
    public static final class StdoutFailed extends RuntimeException {
        public StdoutFailed() { super("cannot write to standard output", null, false, false); }
    }

    /**
     * The process's standard output as a writer (UTF-8, 64 KiB buffer) that also hands out its byte stream, for
     * output that is ASCII bytes already ({@code paths --count}: 150 MB of digits on 100,000 layers, which the
     * char-to-UTF-8 encoder would otherwise walk char by char). Flush the writer before writing bytes.
     */
    public static final class Stdout extends PrintWriter {
        private final java.io.OutputStream bytes;

        private Stdout(java.io.OutputStream bytes) {
            super(new java.io.BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), 1 << 16), false);
            this.bytes = bytes;
        }

        /** On the file descriptor, not System.out: PrintStream swallows write errors (a closed pipe, a full disk). */
        public static Stdout open() {
            return new Stdout(new java.io.FileOutputStream(java.io.FileDescriptor.out));
        }

        /** The unbuffered byte stream beneath: write errors are thrown, not swallowed. */
        public java.io.OutputStream bytes() { return bytes; }
    }

    /** A document written piece by piece, never held whole on its way to standard output. */
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
            if (out.checkError()) throw new StdoutFailed();
            return;
        }
        writeAtomically(file, body);
    }

    /** See {@link AtomicWriter}: true when written, false when the file already held these bytes. */
    public static boolean writeAtomically(Path file, String text) throws IOException {
        return AtomicWriter.write(file, text);
    }

    /**
     * A file gets the bytes whole: the writer compares them with what is there (an unchanged file is not touched)
     * and keeps modes and links, which a stream straight into a temporary file could not.
     */
    public static boolean writeAtomically(Path file, Body body) throws IOException {
        return writeAtomically(file, body, false);
    }

    /** As {@link #writeAtomically(Path, Body)}; {@code createDirectories} for {@code -d OUTDIR}, made as needed. */
    public static boolean writeAtomically(Path file, Body body, boolean createDirectories) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            body.writeTo(w);
        }
        return AtomicWriter.write(file, bytes.toByteArray(), null, createDirectories);
    }

    /** Binary output (a PDF figure) through the same writer. */
    public static boolean writeAtomically(Path file, byte[] bytes) throws IOException {
        return AtomicWriter.write(file, bytes, null, false);
    }
}
