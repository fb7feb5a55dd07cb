package io.github.gradpath.bench;

import io.github.gradpath.Pipeline;
import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Form;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.NetworkParser;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.DocumentRenderer;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Templates;
import io.github.gradpath.verify.VerifyOptions;
import io.github.gradpath.verify.VerifyReport;
import io.github.gradpath.verify.Verifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Each stage of the pipeline on its own, warm, on a chain of {@code layers} layers with a skip
 * ({@code s_k = h_{k-5} + h_k}) every tenth layer. Inputs of each stage come from the stages before it, built
 * once per trial; every benchmark returns its result so the JIT cannot drop the work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StageBench {
    @Param({"100", "1000"})
    public int layers;

    private Source source;
    private NetworkSpec spec;
    private ComputationGraph graph;
    private Derivation factored;
    private Path dir, network, document;

    /** The chain scale.sh writes, at {@code n} layers. */
    static String chain(int n) {
        StringBuilder sb = new StringBuilder("network Chain {\n  input x;\n  h_1 = a(w_0 x);\n");
        for (int k = 1; k < n; k++) {
            if (k % 10 == 0 && k > 5) {
                sb.append("  s_").append(k).append(" = h_").append(k - 5).append(" + h_").append(k).append(";\n");
                sb.append("  h_").append(k + 1).append(" = a(w_").append(k).append(" s_").append(k).append(");\n");
            } else {
                sb.append("  h_").append(k + 1).append(" = a(w_").append(k).append(" h_").append(k).append(");\n");
            }
        }
        return sb.append("  y = a(w_y h_").append(n).append(");\n  loss L(y);\n}\n").toString();
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String text = chain(layers);
        source = new Source("chain.nn", text);
        spec = NetworkParser.parse(source, new Diagnostics()).orElseThrow();
        graph = Pipeline.build(spec, new Diagnostics()).graph();
        factored = Deriver.derive(graph, graph.parameters(), Form.FACTORED);
        dir = Files.createTempDirectory("gradpath-jmh");
        network = Files.writeString(dir.resolve("chain.nn"), text, StandardCharsets.UTF_8);
        document = Files.writeString(dir.resolve("chain.rst"),
                new DocumentRenderer(Templates.builtIn(), "en").render(factored, Format.RST, "grad-Chain"),
                StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(network);
        Files.deleteIfExists(document);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public NetworkSpec parse() {
        return NetworkParser.parse(source, new Diagnostics()).orElseThrow();
    }

    /** Binding and the graph: the parsed network to its computation graph. */
    @Benchmark
    public ComputationGraph graph() {
        return Pipeline.build(spec, new Diagnostics()).graph();
    }

    @Benchmark
    public Derivation deriveFactored() {
        return Deriver.derive(graph, graph.parameters(), Form.FACTORED);
    }

    @Benchmark
    public Derivation deriveAdjoint() {
        return Deriver.derive(graph, graph.parameters(), Form.ADJOINT);
    }

    @Benchmark
    public String render() {
        return new DocumentRenderer(Templates.builtIn(), "en").render(factored, Format.RST, "grad-Chain");
    }

    /** The document derive writes, read back and checked against the network. */
    @Benchmark
    public CheckReport check() {
        return DocumentChecker.check(document, network, null);
    }

    /** Finite differences at width 4 of the adjoint form (the cheapest to evaluate of the three). */
    @Benchmark
    public VerifyReport verifyAdjoint() {
        return Verifier.verify(graph, Form.ADJOINT, new VerifyOptions(4, 1, 1e-6, false, null, 10_000));
    }
}
