package io.github.gradpath.diag;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: messages stay short and readable whatever the input, in every locale. */
class DiagnosticsTest {

    @Test
    void aLongLineIsCutAroundTheCaret() {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 100_000; i++) line.append(i == 0 ? "" : " + ").append("u").append(i);
        Source src = new Source("long.nn", line.toString());
        int col = line.indexOf("u50000") + 1;
        String text = new Diagnostic(Diagnostic.Severity.ERROR, src, new Pos(1, col), "`u50000` is used but never defined")
                .format();
        String[] lines = text.split("\n");
        assertEquals(3, lines.length, text);
        assertTrue(lines[1].length() <= Diagnostic.WIDTH + 6, lines[1]);
        assertTrue(lines[1].startsWith("...") && lines[1].endsWith("..."), lines[1]);
        // The caret is under the `u` of u50000 in the window.
        int caret = lines[2].indexOf('^');
        assertTrue(lines[1].startsWith("u50000", caret), lines[1] + "\n" + lines[2]);
    }

    @Test
    void aShortLineIsShownWhole() {
        Source src = new Source("s.nn", "  h_1 = a(w x)\n");
        String text = new Diagnostic(Diagnostic.Severity.ERROR, src, new Pos(1, 3), "m").format();
        assertEquals("s.nn:1:3: error: m\n  h_1 = a(w x)\n  ^\n", text);
    }

    @Test
    void controlCharactersAreNotEchoed() {
        Source src = new Source("b.nn", "ab\u001b[31mc\u0007d");
        String text = new Diagnostic(Diagnostic.Severity.ERROR, src, new Pos(1, 9), "m").format();
        assertEquals("b.nn:1:9: error: m\nab?[31mc?d\n        ^\n", text);
    }

    @Test
    void manyMessagesAreCounted() {
        Diagnostics d = new Diagnostics();
        Source src = new Source("x.nn", "x\n");
        for (int i = 0; i < 1000; i++) d.error(src, new Pos(1, 1), "error " + i);
        d.warning(src, new Pos(1, 1), "a warning");
        String text = d.format();
        assertEquals(Diagnostics.SHOWN * 3 + 1, text.split("\n").length, text);
        assertTrue(text.endsWith("gradpath: and 981 more (980 errors, 1 warning) not shown\n"), text);
    }

    @Test
    void theSameMessageAtTheSamePlaceIsKeptOnce() {
        Diagnostics d = new Diagnostics();
        Source src = new Source("x.nn", "x\n");
        for (int i = 0; i < 3; i++) d.error(src, new Pos(1, 1), "same");
        assertEquals(1, d.all().size());
    }

    @Test
    void badUtf8MessageUsesAsciiDigitsInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            for (String tag : new String[] {"ar-EG", "th-TH-u-nu-thai", "hi-IN-u-nu-deva", "fa-IR"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                Diagnostics d = new Diagnostics();
                byte[] bytes = "network A {\n  h_1 = x".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes[bytes.length - 1] = (byte) 0xff;
                Optional<Source> s = SourceReader.read("-", new ByteArrayInputStream(bytes), d);
                assertTrue(s.isEmpty());
                String text = d.format();
                assertTrue(text.contains("(byte 0xFF at offset 20)"), tag + ": " + text);
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aBinaryFileIsNamedAsSuch() {
        Diagnostics d = new Diagnostics();
        byte[] bytes = new byte[600];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i % 32);
        assertTrue(SourceReader.read("-", new ByteArrayInputStream(bytes), d).isEmpty());
        assertEquals("gradpath: error: <stdin>: a binary file, not text (byte 0x00 at offset 0)\n", d.format());
    }

    @Test
    void aNameWithNulIsAnErrorNotACrash() {
        Diagnostics d = new Diagnostics();
        assertTrue(SourceReader.read("a\u0000b.nn", new ByteArrayInputStream(new byte[0]), d).isEmpty());
        assertTrue(d.format().startsWith("gradpath: error: a\\x00b.nn: not a valid file name"), d.format());
    }

    @Test
    void anUnreadableFileSaysWhy() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("unreadable");
        // A directory given where a file is expected, and a file with no read permission (not as root: root
        // reads anything, so there it is skipped).
        Diagnostics d = new Diagnostics();
        assertTrue(SourceReader.read(dir.toString(), new ByteArrayInputStream(new byte[0]), d).isEmpty());
        assertTrue(d.format().contains("is a directory"), d.format());
        java.nio.file.Path f = dir.resolve("n.nn");
        java.nio.file.Files.writeString(f, "network A {}");
        java.nio.file.Files.setPosixFilePermissions(f, java.util.Set.of());
        if (!java.nio.file.Files.isReadable(f)) {
            Diagnostics e = new Diagnostics();
            assertTrue(SourceReader.read(f.toString(), new ByteArrayInputStream(new byte[0]), e).isEmpty());
            assertTrue(e.format().endsWith(": cannot read: permission denied\n"), e.format());
        }
        java.nio.file.Files.delete(f);
        java.nio.file.Files.delete(dir);
    }
}
