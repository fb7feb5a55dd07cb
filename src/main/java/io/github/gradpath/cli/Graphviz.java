package io.github.gradpath.cli;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Runs Graphviz {@code dot} on a graph: the one external program gradpath uses, so its absence is one message. */
final class Graphviz {
    private Graphviz() {}

    static byte[] render(String dot, String format) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(System.getProperty("gradpath.dot", "dot"), "-T" + format).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw fail("Graphviz `dot` is not installed (or not on PATH): it draws --format " + format
                    + "; install graphviz, or write --format dot and render it elsewhere");
        }
        // Feed the input on another thread: dot may fill its output pipe before it has read all of ours.
        Thread feeder = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // dot exited early; its exit code and message say why
            }
        });
        feeder.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int code = p.waitFor();
        feeder.join();
        if (code != 0) throw fail("Graphviz `dot -T" + format + "` failed (exit " + code + "): " + err);
        return out;
    }

    private static InputException fail(String message) {
        Diagnostics d = new Diagnostics();
        d.error(null, Pos.NONE, message);
        return new InputException(d);
    }
}
