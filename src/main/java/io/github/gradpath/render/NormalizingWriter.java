package io.github.gradpath.render;

import java.io.IOException;
import java.io.Writer;

/**
 * What {@link DocumentRenderer#normalize} does to a whole text, done on the fly: Unix newlines, no trailing
 * blanks, at most one blank line in a row, none at the start, exactly one final newline (written by
 * {@link #finish}). Only the current line is held, so a document of any size streams through.
 */
final class NormalizingWriter extends Writer {
    private final Writer out;
    private final StringBuilder line = new StringBuilder();
    private boolean started, blank;

    NormalizingWriter(Writer out) { this.out = out; }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        write(new String(buf, off, len), 0, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            int nl = s.indexOf('\n', off);
            if (nl < 0 || nl >= end) {
                line.append(s, off, end);
                return;
            }
            line.append(s, off, nl);
            endLine();
            off = nl + 1;
        }
    }

    @Override
    public void write(int c) throws IOException {
        if (c == '\n') endLine();
        else line.append((char) c);
    }

    private void endLine() throws IOException {
        int e = line.length();
        while (e > 0 && Character.isWhitespace(line.charAt(e - 1))) e--;
        if (e == 0) {
            blank = started;
        } else {
            if (started) out.write(blank ? "\n\n" : "\n");
            out.append(line, 0, e);
            started = true;
            blank = false;
        }
        line.setLength(0);
    }

    /** Ends the text: the last line and the one final newline. Call once; does not close the target. */
    void finish() throws IOException {
        endLine();
        out.write('\n');
    }

    @Override
    public void flush() throws IOException { out.flush(); }

    @Override
    public void close() throws IOException { out.close(); }
}
