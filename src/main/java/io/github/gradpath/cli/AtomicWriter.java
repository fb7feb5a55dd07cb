package io.github.gradpath.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way gradpath writes a file ({@code -o} and the Maven plugin). Decisions, after {@code cp}, {@code
 * install} and compilers (documented in the README, section "Output files"):
 * <ul>
 *   <li>The file is replaced atomically (a temporary file in the same directory, then a rename): a reader sees
 *   the old bytes or the new ones, and a failed run leaves the old file and no temporary behind.
 *   <li>Unchanged bytes are not rewritten: the file, its mtime and its inode stay (Sphinx and make rebuild on mtime).
 *   <li>A new file gets the mode the umask gives (as {@code cp} and compilers do); a replaced file keeps its mode.
 *   <li>A read-only file (no write bit at all) is refused, as {@code cp} refuses it; even root must chmod first.
 *   <li>A symbolic link is written through: its target is replaced, the link stays ({@code cp} does the same).
 *   <li>A device or other non-regular file ({@code /dev/null}, {@code /dev/full}, a FIFO) is written in place,
 *   never replaced by a regular file.
 *   <li>A directory ({@code /}, {@code .}, {@code ..}), an empty name, a path under a regular file, a missing
 *   directory ({@code -o}: not created, as {@code gcc -o} does not; the plugin creates its own folders) and every
 *   error of the file system (full disk, name too long, permission denied) are one message each.
 *   <li>With a {@code root} (the plugin's output folder), the real path, symbolic links resolved, must stay under
 *   the real root.
 * </ul>
 */
public final class AtomicWriter {
    private AtomicWriter() {}

    /** Why a file could not be written, in words for the user: {@code cannot write OUT: reason}. */
    public static final class Failure extends IOException {
        public Failure(String message) { super(message); }
    }

    private static final int MAX_LINKS = 40;

    /** {@link #write(Path, byte[], Path, boolean)} for {@code -o}: no root, directories are not created. */
    public static boolean write(Path file, String text) throws Failure {
        return write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, false);
    }

    /**
     * Writes {@code bytes} to {@code file}; false when the file already held exactly these bytes (then nothing
     * is touched).
     */
    public static boolean write(Path file, byte[] bytes, Path root, boolean createDirectories) throws Failure {
        String shown = file.toString();
        if (shown.isEmpty()) throw new Failure("cannot write '': an empty file name");
        try {
            Path target = followLinks(file.toAbsolutePath(), shown);
            if (target.getFileName() == null || Files.isDirectory(target)) {
                throw new Failure("cannot write " + shown + ": it is a directory");
            }
            Path dir = target.getParent();
            // Before creating anything: `mkdir -p` through a link that leads out would already write outside.
            if (root != null && Files.isDirectory(root)) checkUnder(existingAncestor(dir), root, shown);
            checkDirectory(dir, shown, createDirectories);
            if (root != null) checkUnder(dir, root, shown);
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                // /dev/null, /dev/full, a FIFO: write into it like `cp` does; replacing it would break the system.
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(bytes);
                }
                return true;
            }
            Set<PosixFilePermission> mode = null;
            if (Files.isRegularFile(target)) {
                if (Files.size(target) == bytes.length && Arrays.equals(Files.readAllBytes(target), bytes)) return false;
                mode = permissions(target);
                if (mode != null && !mode.contains(PosixFilePermission.OWNER_WRITE)
                        && !mode.contains(PosixFilePermission.GROUP_WRITE)
                        && !mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new Failure("cannot write " + shown + ": the file is read-only (make it writable or remove"
                            + " it first)");
                }
            }
            replace(dir, target, bytes, mode);
            return true;
        } catch (Failure f) {
            throw f;
        } catch (InvalidPathException e) {
            throw new Failure("cannot write " + shown + ": not a valid file name (" + e.getReason() + ")");
        } catch (IOException | SecurityException e) {
            throw new Failure("cannot write " + shown + ": " + reason(e));
        }
    }

    /** The temporary file: a short fixed-length name, so a target name near the 255-byte limit still fits. */
    private static void replace(Path dir, Path target, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        Path tmp = dir.resolve(".gradpath-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // CREATE_NEW without attributes: the mode is 0666 less the umask, as for any new file.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            if (mode != null) Files.setPosixFilePermissions(tmp, mode);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file a chain of symbolic links ends at (which may not exist yet); the path itself if it is no link. */
    static Path followLinks(Path p, String shown) throws IOException {
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) throw new Failure("cannot write " + shown + ": too many levels of symbolic links");
            Path t = Files.readSymbolicLink(p);
            p = p.getParent() == null ? t : p.getParent().resolve(t);
        }
        return p;
    }

    private static Path existingAncestor(Path dir) {
        Path a = dir;
        while (a != null && !Files.exists(a)) a = a.getParent();
        return a;
    }

    private static void checkDirectory(Path dir, String shown, boolean create) throws IOException {
        if (Files.isDirectory(dir)) return;
        // The nearest ancestor that exists says what is wrong: a regular file in the way, or a missing folder.
        Path a = existingAncestor(dir);
        if (a != null && !Files.isDirectory(a)) {
            throw new Failure("cannot write " + shown + ": " + a + " is not a directory");
        }
        if (!create) {
            throw new Failure("cannot write " + shown + ": directory " + dir + " does not exist (create it first)");
        }
        Files.createDirectories(dir);
    }

    /** Real paths, links resolved: a folder under the root that is a link to elsewhere must not be written through. */
    private static void checkUnder(Path dir, Path root, String shown) throws IOException {
        Path realRoot = root.toRealPath();
        Path realDir = dir.toRealPath();
        if (!realDir.startsWith(realRoot)) {
            throw new Failure("cannot write " + shown + ": its folder is really " + realDir + ", outside the output"
                    + " folder " + realRoot + " (a symbolic link leads out of it)");
        }
    }

    private static Set<PosixFilePermission> permissions(Path p) throws IOException {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** The operating system's reason in lower case ("no space left on device"), without the path Java repeats. */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return lower(f.getReason());
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : lower(m);
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
