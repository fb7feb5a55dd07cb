package io.github.gradpath.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The long fuzz campaign of issue 13 (10^5 inputs per reader), in one JVM per reader and without jqwik: jqwik's
 * generation, edge-case mixing and shrinking cost more than many of the runs themselves, and a jqwik property
 * cannot enforce a time bound on a run that hangs. Each input is drawn from its own seed ({@code seed} mixed
 * with the input's number), so any input the campaign reports is rebuilt by {@code --from N --count 1}.
 *
 * <p>Every input runs on one worker thread (default stack size, as the launcher's main thread) while a watchdog
 * — this class's main thread — waits at most {@link Promise#MAX_MILLIS}; a run past it is a hang: its input and
 * the worker's stack are recorded, the worker is stopped (Thread.stop, still there in Java 17) and a new one
 * started. An Error (stack overflow, out of memory) escaping the CLI is a failure like exit 3.
 *
 * <p>Usage: {@code Campaign READER COUNT [--from N] [--seed S] [--until EPOCH_SECONDS] [--out DIR]}, READER one of
 * {@code network rst myst latex cli}. Prints progress and one summary line; writes each failure to DIR.
 */
public final class Campaign {
    private Campaign() {}

    /** One generated input: what to run and what the promise allows. */
    record Case(String shown, byte[] stdin, String[] args, Set<Integer> allowed, Pattern positioned) {}

    interface Reader {
        Case next(SplittableRandom r) throws IOException;
    }

    public static void main(String[] argv) throws Exception {
        String reader = argv[0];
        long count = Long.parseLong(argv[1]);
        long from = 0, seed = 20261201L, until = Long.MAX_VALUE;
        Path out = Path.of("target/fuzz/campaign");
        for (int i = 2; i + 1 < argv.length; i += 2) {
            switch (argv[i]) {
                case "--from" -> from = Long.parseLong(argv[i + 1]);
                case "--seed" -> seed = Long.parseLong(argv[i + 1]);
                case "--until" -> until = Long.parseLong(argv[i + 1]);
                case "--out" -> out = Path.of(argv[i + 1]);
                default -> throw new IllegalArgumentException(argv[i]);
            }
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("gradpath-campaign-");
        Reader gen = switch (reader) {
            case "network" -> Generators.network();
            case "rst", "myst", "latex" -> Generators.document(reader, work);
            case "cli" -> Generators.cli();
            default -> throw new IllegalArgumentException("unknown reader " + reader);
        };
        Worker worker = new Worker();
        long failures = 0, hangs = 0, slowest = -1, slowestAt = -1, done = 0;
        long start = System.nanoTime();
        String started = Instant.now().toString();
        java.util.Map<String, Integer> kinds = new java.util.HashMap<>();
        for (long i = from; i < from + count; i++) {
            if (Instant.now().getEpochSecond() >= until) break;
            Case c = gen.next(new SplittableRandom(mix(seed, i)));
            worker.submit(c);
            Outcome o = worker.await(Promise.MAX_MILLIS + 2_000);
            done++;
            String failure;
            if (o == null) {
                hangs++;
                StringBuilder st = new StringBuilder();
                for (StackTraceElement e : worker.thread.getStackTrace()) st.append("\tat ").append(e).append('\n');
                failure = "hang: no result after " + (Promise.MAX_MILLIS + 2_000) + " ms\n--- worker stack ---\n" + st;
                worker = worker.replace();
            } else {
                failure = o.failure();
                if (o.millis() > slowest) {
                    slowest = o.millis();
                    slowestAt = i;
                }
            }
            if (failure != null) {
                failures++;
                // One file for the first few of each kind (the failure's first line and the first stderr line), so
                // that one bug met 10,000 times does not write 10,000 files.
                String kind = failure.lines().findFirst().orElse("") + "|" + failure.lines()
                        .dropWhile(l -> !l.equals("--- stderr ---")).skip(1).findFirst().orElse("")
                        .replaceAll("[0-9]+", "N");
                int seen = kinds.merge(kind, 1, Integer::sum);
                if (seen <= 5) {
                    String text = "reader " + reader + " seed " + seed + " input " + i + "\nargs "
                            + Arrays.toString(c.args()) + "\n" + failure + "\n--- input ---\n" + c.shown() + "\n";
                    Files.writeString(out.resolve(reader + "-" + i + ".txt"), text);
                    System.out.println("FAILURE at input " + i + ": " + failure.lines().findFirst().orElse(""));
                }
            }
            if (done % 1_000 == 0) {
                System.out.printf(Locale.ROOT, "%s %d inputs, %.0f s, %d failures, slowest %d ms (input %d)%n", reader,
                        done, (System.nanoTime() - start) / 1e9, failures, slowest, slowestAt);
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        kinds.forEach((k, v) -> System.out.println("failure kind x" + v + ": " + k));
        String summary = String.format(Locale.ROOT,
                "campaign %s: %d inputs (%d..%d), seed %d, %s to %s, %.0f s, -Xmx%d MB, %d failures (%d hangs),"
                        + " slowest %d ms (input %d)%n", reader, done, from, from + done - 1, seed, started,
                Instant.now(), secs, Runtime.getRuntime().maxMemory() >> 20, failures, hangs, slowest, slowestAt);
        System.out.print(summary);
        Files.writeString(out.resolve("summary.txt"), summary, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.exit(failures == 0 ? 0 : 1);
    }

    /** SplitMix64's finaliser: neighbouring input numbers give unrelated seeds. */
    static long mix(long seed, long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    record Outcome(String failure, long millis) {}

    /** The thread the inputs run on; replaced when one hangs. */
    static final class Worker {
        final BlockingQueue<Case> in = new ArrayBlockingQueue<>(1);
        final BlockingQueue<Outcome> result = new ArrayBlockingQueue<>(1);
        final Thread thread;

        Worker() {
            thread = new Thread(null, this::loop, "campaign-worker", 0);
            thread.setDaemon(true);
            thread.start();
        }

        void submit(Case c) throws InterruptedException {
            in.put(c);
        }

        Outcome await(long millis) throws InterruptedException {
            return result.poll(millis, TimeUnit.MILLISECONDS);
        }

        @SuppressWarnings({"deprecation", "removal"})
        Worker replace() {
            thread.stop();
            return new Worker();
        }

        private void loop() {
            while (true) {
                Case c;
                try {
                    c = in.take();
                } catch (InterruptedException e) {
                    return;
                }
                long t0 = System.nanoTime();
                String failure;
                long millis;
                try {
                    Promise.Run r = Promise.cli(c.stdin(), c.args());
                    millis = r.millis();
                    failure = null;
                    try {
                        Promise.check(r, c.allowed(), c.positioned(), "");
                    } catch (AssertionError e) {
                        failure = e.getMessage();
                    }
                } catch (Throwable t) {
                    millis = (System.nanoTime() - t0) / 1_000_000;
                    StringBuilder st = new StringBuilder("threw " + t + "\n");
                    StackTraceElement[] trace = t.getStackTrace();
                    for (int k = 0; k < Math.min(40, trace.length); k++) st.append("\tat ").append(trace[k]).append('\n');
                    failure = st.toString();
                }
                if (!result.offer(new Outcome(failure, millis))) return;
            }
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T pick(SplittableRandom r, List<T> l) {
        return l.get(r.nextInt(l.size()));
    }

    static List<Mutations.Edit> edits(SplittableRandom r, List<String> fragments) {
        int n = 1 + r.nextInt(6);
        List<Mutations.Edit> l = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            l.add(new Mutations.Edit(r.nextInt(6), r.nextDouble(), r.nextDouble() * 0.2, pick(r, fragments)));
        }
        return l;
    }

    static String soup(SplittableRandom r, List<String> vocabulary, int max) {
        int n = r.nextInt(max + 1);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            if (k > 0) sb.append(' ');
            sb.append(pick(r, vocabulary));
        }
        return sb.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
