package io.github.gradpath.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.gradpath.render.ChapterStyleTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code gradpath generate-completion}: a bash script that really completes, run in bash. */
class CompletionTest {
    static String complete(Path script, String... words) throws Exception {
        // What bash does on TAB: the words, the cursor's word, the line; then the script's entry point.
        String line = String.join(" ", words);
        String cmd = "source " + script + " && COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length() + "; _complete_gradpath;"
                + " echo \"${COMPREPLY[@]}\"";
        // compopt complains outside a real completion (stderr); what is offered goes to stdout.
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void completesSubcommandsAndOptions(@TempDir Path dir) throws Exception {
        ChapterStyleTest.Run r = cli("generate-completion");
        assertEquals(0, r.exit(), r.err());
        Path script = dir.resolve("gradpath_completion");
        Files.writeString(script, r.out());
        assertEquals("graph", complete(script, "gradpath", "gr"));
        assertEquals("--style", complete(script, "gradpath", "derive", "--sty"));
        assertEquals("--stats", complete(script, "gradpath", "paths", "--sta"));
        assertEquals("--highlight", complete(script, "gradpath", "graph", "--hi"));
    }
}
