package io.github.gradpath.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13: {@code -o} onto a real full file system (a 64 KiB tmpfs, not {@code /dev/full}): one message, exit 2,
 * the old file intact and no half-written file left. Mounting needs root and a container that permits it; where
 * it does not, the tests are skipped with the reason ({@code OutputFileTest} covers {@code /dev/full}).
 */
class FullDiskTest {
    /** A 40-layer chain: its factored derivation (tens of KiB) does not fit in what is left of the small disk. */
    private static final String NET = chain(40);

    private static Path mount;
    private static String skipped;

    private static String chain(int n) {
        StringBuilder sb = new StringBuilder("network C {\n  input x;\n  h_1 = a(w_1 x);\n");
        for (int i = 2; i <= n; i++) sb.append("  h_").append(i).append(" = a(w_").append(i).append(" h_").append(i - 1).append(");\n");
        return sb.append("  loss L(h_").append(n).append(");\n}\n").toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out.strip();
    }

    @BeforeAll
    static void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("gradpath-full-disk");
        try {
            skipped = run(List.of("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()));
        } catch (IOException e) {
            skipped = e.getMessage();
        }
        if (skipped != null) skipped = "cannot mount a small tmpfs here (" + skipped + ")";
    }

    @AfterAll
    static void unmount() throws Exception {
        if (skipped == null) run(List.of("umount", mount.toString()));
        Files.deleteIfExists(mount);
    }

    /** Fills the disk until at most {@code left} bytes are free. */
    private static void fill(long left) throws IOException {
        Path filler = mount.resolve("filler");
        Files.deleteIfExists(filler);
        byte[] block = new byte[1024];
        try (var out = Files.newOutputStream(filler)) {
            while (Files.getFileStore(mount).getUsableSpace() > left) out.write(block);
        } catch (IOException full) {
            // ENOSPC: full already
        }
    }

    private void fullDiskKeepsTheOldFile(long left) throws IOException {
        assumeTrue(skipped == null, skipped);
        Path old = mount.resolve("grad.rst");
        byte[] before = "the old derivation\n".getBytes(StandardCharsets.UTF_8);
        Files.write(old, before);
        fill(left);
        Cli.Result whole = Cli.runWithStdin(NET, "derive", "-");
        assertTrue(whole.out().length() > 2 * Math.max(left, 4096), "the derivation must not fit: " + whole.out().length());

        Cli.Result r = Cli.runWithStdin(NET, "derive", "-o", old.toString(), "-");
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(List.of("gradpath: error: cannot write " + old + ": no space left on device"), r.err().lines().toList());
        assertArrayEquals(before, Files.readAllBytes(old));
        try (var s = Files.list(mount)) {
            assertEquals(List.of("filler", "grad.rst"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aFullDiskIsOneMessageAndTheOldFileStays() throws IOException {
        fullDiskKeepsTheOldFile(0);
    }

    /** Room for part of the output: the half-written temporary file must go again. */
    @Test
    void aNearlyFullDiskLeavesNoHalfWrittenFile() throws IOException {
        fullDiskKeepsTheOldFile(8 * 1024);
    }
}
