import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * In-process timing of DocumentChecker.check (no JVM start): the first (cold) call, then the median of five.
 * Run: java -cp target/gradpath.jar src/bench/CheckBench.java DOC NET
 */
public class CheckBench {
    public static void main(String[] args) {
        Path doc = Path.of(args[0]), net = Path.of(args[1]);
        long t0 = System.nanoTime();
        CheckReport r = DocumentChecker.check(doc, net, null);
        long cold = System.nanoTime() - t0;
        long[] warm = new long[5];
        for (int i = 0; i < warm.length; i++) {
            long s = System.nanoTime();
            DocumentChecker.check(doc, net, null);
            warm[i] = System.nanoTime() - s;
        }
        Arrays.sort(warm);
        System.out.printf("%-22s %-22s cold %5d ms  warm %5d ms%n", doc.getFileName(), r.summary(), cold / 1_000_000,
                warm[2] / 1_000_000);
    }
}
