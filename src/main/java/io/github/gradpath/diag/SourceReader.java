package io.github.gradpath.diag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads an input file (or standard input for {@code -}) as strict UTF-8, reporting what goes wrong. */
public final class SourceReader {
    private SourceReader() {}

    public static Optional<Source> read(String arg, InputStream stdin, Diagnostics diags) {
        byte[] bytes;
        String name = arg.equals("-") ? "<stdin>" : arg;
        try {
            if (arg.equals("-")) {
                bytes = stdin.readAllBytes();
            } else {
                Path p = Path.of(arg);
                if (Files.isDirectory(p)) {
                    diags.error(null, Pos.NONE, name + ": is a directory, not a file");
                    return Optional.empty();
                }
                bytes = Files.readAllBytes(p);
            }
        } catch (NoSuchFileException e) {
            diags.error(null, Pos.NONE, name + ": no such file");
            return Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            diags.error(null, Pos.NONE, printableName(name) + ": not a valid file name (" + e.getReason() + ")");
            return Optional.empty();
        } catch (java.nio.file.AccessDeniedException e) {
            diags.error(null, Pos.NONE, name + ": cannot read: permission denied");
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            diags.error(null, Pos.NONE, name + ": cannot read: " + reason(e));
            return Optional.empty();
        } catch (OutOfMemoryError e) {
            diags.error(null, Pos.NONE, name + ": cannot read: too large for the Java heap");
            return Optional.empty();
        }
        int nul = indexOfNul(bytes);
        if (nul >= 0) {
            // A network or document never holds NUL. Its line is shown with control characters as `?` and cut
            // around the caret (Diagnostic), so a binary file prints no raw bytes.
            String prefix = new String(bytes, 0, nul, StandardCharsets.UTF_8);
            Source partial = new Source(name, prefix + new String(bytes, nul, endOfLine(bytes, nul) - nul,
                    StandardCharsets.UTF_8));
            diags.error(partial, partial.pos(prefix.length()), "a NUL byte (offset " + nul
                    + "): this is a binary file, not text");
            return Optional.empty();
        }
        if (ascii(bytes)) {
            // Nearly every file: one copy into the string, instead of the decoder's UTF-16 buffer and then the
            // string (a 100,000-layer file, 3.4 MB: 14 MB allocated, 8 this way, with the line starts).
            return Optional.of(new Source(name, new String(bytes, StandardCharsets.US_ASCII)));
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = dec.decode(ByteBuffer.wrap(bytes)).toString();
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
            return Optional.of(new Source(name, text));
        } catch (CharacterCodingException e) {
            int bad = firstMalformed(bytes);
            String prefix = new String(bytes, 0, bad, StandardCharsets.UTF_8);
            Source partial = new Source(name, prefix + new String(bytes, bad, Math.min(bytes.length, endOfLine(bytes, bad)) - bad,
                    StandardCharsets.UTF_8));
            diags.error(partial, partial.pos(prefix.length()),
                    String.format(java.util.Locale.ROOT, "not valid UTF-8 (byte 0x%02X at offset %d)", bytes[bad] & 0xff, bad));
            return Optional.empty();
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) if (b < 0) return false;
        return true;
    }

    /** The exception's own words without the path Java repeats in them (the message starts with the name). */
    static String reason(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** A name with a NUL or other control character in it, shown without them. */
    static String printableName(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) sb.append(Character.isISOControl(c) ? String.format(java.util.Locale.ROOT, "\\x%02X", (int) c) : c);
        return sb.toString();
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) if (b[i] == 0) return i;
        return -1;
    }

    private static int endOfLine(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != '\n') i++;
        return i;
    }

    private static int firstMalformed(byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = dec.decode(in, out, true);
        return Math.min(r.isError() ? in.position() : bytes.length - 1, bytes.length - 1);
    }
}
