package io.github.gradpath.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Writes a command's result to standard output, or atomically to a file: never a half-written file. */
public final class Output {
    private Output() {}

    /** Standard output that cannot be written ({@code > /dev/full}, a closed pipe) is an error, not exit 0. */
    public static final class StdoutFailed extends RuntimeException {
        public StdoutFailed() { super("cannot write to standard output", null, false, false); }
    }

    public static void write(String text, Path file, PrintWriter out) throws IOException {
        if (file == null || file.toString().equals("-")) {
            out.print(text);
            out.flush();
            if (out.checkError()) throw new StdoutFailed();
            return;
        }
        AtomicWriter.write(file, text);
    }

    /** See {@link AtomicWriter}: true when written, false when the file already held these bytes. */
    public static boolean writeAtomically(Path file, String text) throws IOException {
        return AtomicWriter.write(file, text);
    }

    /** Binary output (a PDF figure) through the same writer. */
    public static boolean writeAtomically(Path file, byte[] bytes) throws IOException {
        return AtomicWriter.write(file, bytes, null, false);
    }
}
