package io.github.gradpath.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13 (and 12): every {@code -o} case is one message and exit 2, or a documented behaviour; see the README,
 * section "Output files", and {@link AtomicWriter}.
 */
class OutputFileTest {
    private static final String NET = "network R {\n  input x;\n  h_1 = a(w_1 x);\n  loss L(h_1);\n}\n";

    /** derive -o OUT, the network on standard input: exit 2 with exactly one `gradpath: error:` line. */
    private static String refused(String out) {
        Cli.Result r = Cli.runWithStdin(NET, "derive", "-o", out, "-");
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("gradpath: error: cannot write "), r.err());
        return r.err();
    }

    private static Cli.Result derive(Path out) {
        return Cli.runWithStdin(NET, "derive", "-o", out.toString(), "-");
    }

    /** No temporary file is left behind in {@code dir}. */
    private static void noLeftovers(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".gradpath-")), "temporary left in " + dir);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void directoriesAreRefused(@TempDir Path dir) {
        for (String d : new String[] {"/", ".", "..", dir.toString(), dir + "/"}) {
            assertTrue(refused(d).endsWith(": it is a directory\n"), d);
        }
    }

    @Test
    void anEmptyNameIsRefused() {
        assertEquals("gradpath: error: cannot write '': an empty file name\n", refused(""));
    }

    @Test
    void aPathUnderARegularFileIsRefused(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f.txt"), "x");
        assertTrue(refused(f.resolve("out.rst").toString()).endsWith(": " + f + " is not a directory\n"));
        assertTrue(refused(f.resolve("a/b/out.rst").toString()).endsWith(": " + f + " is not a directory\n"));
        assertEquals("x", Files.readString(f));
    }

    @Test
    void aMissingDirectoryIsNotCreated(@TempDir Path dir) {
        Path out = dir.resolve("no/such/out.rst");
        assertTrue(refused(out.toString()).endsWith("does not exist (create it first)\n"));
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void longNames(@TempDir Path dir) throws IOException {
        // 250 bytes fit the usual 255-byte limit: written (the temporary file's name is short, not derived from it).
        Path ok = dir.resolve("n".repeat(246) + ".rst");
        assertEquals(0, derive(ok).code());
        assertTrue(Files.readString(ok).contains("grad-R"));
        String err = refused(dir.resolve("n".repeat(300) + ".rst").toString());
        assertTrue(err.endsWith(": file name too long\n"), err);
        noLeftovers(dir);
    }

    @Test
    void aReadOnlyDirectory(@TempDir Path dir) throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(ro), "root writes into read-only directories");
            assertTrue(refused(ro.resolve("out.rst").toString()).endsWith(": permission denied\n"));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aReadOnlyFileIsRefusedEvenForRoot(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("out.rst"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        assertTrue(refused(f.toString()).endsWith(": the file is read-only (make it writable or remove it first)\n"));
        assertEquals("old", Files.readString(f));
        noLeftovers(dir);
    }

    @Test
    void aSymbolicLinkIsWrittenThrough(@TempDir Path dir) throws IOException {
        Path real = Files.writeString(dir.resolve("real.rst"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.rst"), Path.of("real.rst"));
        assertEquals(0, derive(link).code());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("grad-R"));
        // A dangling link creates its target.
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.rst"), Path.of("new.rst"));
        assertEquals(0, derive(dangling).code());
        assertTrue(Files.isSymbolicLink(dangling));
        assertTrue(Files.readString(dir.resolve("new.rst")).contains("grad-R"));
        // A loop is an error.
        Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        assertTrue(refused(dir.resolve("a").toString()).endsWith("too many levels of symbolic links\n"));
    }

    @Test
    void devicesAreWrittenInPlaceNeverReplaced() {
        Path full = Path.of("/dev/full"), nul = Path.of("/dev/null");
        assumeTrue(Files.exists(full) && Files.exists(nul));
        // A full disk and a full device fail the same way: one message, exit 2.
        assertTrue(refused(full.toString()).endsWith(": no space left on device\n"));
        assertFalse(Files.isRegularFile(full));
        assertEquals(0, derive(nul).code());
        assertFalse(Files.isRegularFile(nul));
    }

    @Test
    void aNewFileGetsTheUmaskModeAndAReplacedFileKeepsItsMode(@TempDir Path dir) throws IOException {
        // The mode `touch` would give under this umask: a file created without explicit permissions.
        Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
        Path out = dir.resolve("new.rst");
        assertEquals(0, derive(out).code());
        assertEquals(umaskMode, Files.getPosixFilePermissions(out));
        Path kept = Files.writeString(dir.resolve("kept.rst"), "old");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(kept, mode);
        assertEquals(0, derive(kept).code());
        assertEquals(mode, Files.getPosixFilePermissions(kept));
        assertTrue(Files.readString(kept).contains("grad-R"));
    }

    @Test
    void unchangedBytesAreNotRewritten(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.rst");
        assertEquals(0, derive(out).code());
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(out, old);
        Object inode = Files.readAttributes(out, "unix:ino").get("ino");
        assertEquals(0, derive(out).code());
        assertEquals(old, Files.getLastModifiedTime(out));
        assertEquals(inode, Files.readAttributes(out, "unix:ino").get("ino"));
        // Different bytes are written.
        Files.writeString(out, "stale");
        Files.setLastModifiedTime(out, old);
        assertEquals(0, derive(out).code());
        assertTrue(Files.readString(out).contains("grad-R"));
        assertFalse(old.equals(Files.getLastModifiedTime(out)));
    }

    @Test
    void theRootGuardResolvesSymbolicLinks(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(out.resolve("nets"), Path.of("../outside"));
        byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
        AtomicWriter.Failure f = assertThrows(AtomicWriter.Failure.class,
                () -> AtomicWriter.write(out.resolve("nets/a.rst"), bytes, out, true));
        assertTrue(f.getMessage().contains("a symbolic link leads out of it"), f.getMessage());
        // Creating folders through the link would already write outside.
        assertThrows(AtomicWriter.Failure.class, () -> AtomicWriter.write(out.resolve("nets/sub/a.rst"), bytes, out, true));
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count());
        }
        // Folders of its own under the root are created.
        assertTrue(AtomicWriter.write(out.resolve("own/a.rst"), bytes, out, true));
        assertEquals("x", Files.readString(out.resolve("own/a.rst")));
    }

    /** An output stream that always fails, as standard output redirected to /dev/full does. */
    private static final class Full extends OutputStream {
        @Override
        public void write(int b) throws IOException { throw new IOException("No space left on device"); }
    }

    @Test
    void aFullStandardOutputIsAnError() {
        StringWriter err = new StringWriter();
        int code = CommandFactory.create(new PrintWriter(new Full()), new PrintWriter(err),
                new ByteArrayInputStream(NET.getBytes(StandardCharsets.UTF_8))).execute("derive", "-");
        assertEquals(2, code, err.toString());
        assertEquals("gradpath: error: cannot write to standard output\n", err.toString());
    }

    @Test
    void pathsStopsWhenTheReaderHasGone() {
        // 2^40 paths: enumerating them all would never end; a closed standard output must stop it at once.
        StringBuilder net = new StringBuilder("network P {\n  input x;\n  h_0 = a(w x);\n");
        for (int i = 0; i < 40; i++) {
            net.append("  u_").append(i).append(" = b(h_").append(i).append(");\n");
            net.append("  h_").append(i + 1).append(" = h_").append(i).append(" + u_").append(i).append(";\n");
        }
        net.append("  loss L(h_40);\n}\n");
        StringWriter err = new StringWriter();
        int code = CommandFactory.create(new PrintWriter(new Full()), new PrintWriter(err),
                new ByteArrayInputStream(net.toString().getBytes(StandardCharsets.UTF_8))).execute("paths", "-");
        assertEquals(2, code, err.toString());
        assertEquals("gradpath: error: cannot write to standard output\n", err.toString());
    }
}
