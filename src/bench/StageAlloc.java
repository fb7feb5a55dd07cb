import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.diag.SourceReader;
import io.github.gradpath.dsl.Instantiator;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NetworkParser;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.GraphBuilder;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The front end's stages on one network, in-process: for each of read, parse, bind and graph the bytes it
 * allocates and the CPU time of the thread running it; then the collector's time and the heap still live
 * (after a full collection) with and without the parsed spec. Allocated bytes do not depend on the machine's
 * load, which makes them the steady figure on a shared machine; CPU times do, a little, and wall times a lot.
 * Run (with bin/gradpath's JVM options for a big file): java -XX:TieredStopAtLevel=1 -XX:+UseParallelGC
 * -XX:-UseAdaptiveSizePolicy -Xmn128m -Xms512m -XX:MaxTenuringThreshold=0 -cp target/gradpath.jar
 * src/bench/StageAlloc.java NET.nn. Parse counts the parser's thread only: a big file is lexed on a second one.
 * The stages run one after the other here (NetworkParser.parse, then Instantiator.instantiate); the commands bind
 * a big file on a third thread while it is parsed (NetworkParser.read, Prebinder), so there bind's time overlaps
 * parse's, and the spec keeps no rules.
 */
public class StageAlloc {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long[] mark() {
        return new long[] {THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()), THREADS.getCurrentThreadCpuTime()};
    }

    private static String since(long[] a, long[] b) {
        return String.format("%5d MB %5d ms CPU", (b[0] - a[0]) >> 20, (b[1] - a[1]) / 1_000_000);
    }

    private static long live() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    public static void main(String[] args) {
        Diagnostics d = new Diagnostics();
        long[] m0 = mark();
        Source source = SourceReader.read(args[0], System.in, d).orElseThrow();
        long[] m1 = mark();
        NetworkSpec spec = NetworkParser.parse(source, d).orElseThrow();
        long[] m2 = mark();
        Network net = Instantiator.instantiate(spec, Map.of(), d).orElseThrow();
        long[] m3 = mark();
        ComputationGraph g = GraphBuilder.build(net, d).orElseThrow();
        long[] m4 = mark();
        long gc = 0;
        for (var b : ManagementFactory.getGarbageCollectorMXBeans()) gc += b.getCollectionTime();
        long all = live();
        spec = null; // what a command that keeps only the graph holds
        long graphOnly = live();
        System.out.printf("read  %s%nparse %s%nbind  %s%ngraph %s%n", since(m0, m1), since(m1, m2), since(m2, m3), since(m3, m4));
        System.out.printf("collector %d ms (wall) during the four; live %d MB with the spec, %d MB without; %d nodes%n",
                gc, all, graphOnly, g.size());
    }
}
