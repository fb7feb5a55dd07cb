package io.github.gradpath.symbolic;

import io.github.gradpath.TestNetworks;
import io.github.gradpath.cli.CommandFactory;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.NetworkParser;
import io.github.gradpath.dsl.NetworkSpec;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Networks written out in the tests (never read from outside the project) and a way to run the CLI. */
final class Fixtures {
    private Fixtures() {}

    /** The chapter's figure (b), as in samples/chapter-skip.nn. */
    static final String SKIP = TestNetworks.CHAPTER_SKIP;

    static final String RESIDUAL = """
            network ResidualStackL {
              index L : L >= 1;
              input x_0;
              x_{l+1} = x_l + F_l(W_l x_l) for l in 0..L-1;
              loss E(x_L);
            }
            """;

    static NetworkSpec spec(String text) {
        Diagnostics d = new Diagnostics();
        return NetworkParser.parse(new Source("test.nn", text), d).orElseThrow(() -> new AssertionError(d.format()));
    }

    record Run(int exit, String out, String err) {}

    static Run cli(String stdin, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = CommandFactory.create(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
