package io.github.gradpath.cli;

/** {@code java -jar gradpath.jar ...}: exit 0 ok, 1 a check failed, 2 bad input or usage, 3 internal error. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        picocli.CommandLine cl = CommandFactory.create(args);
        int code = cl.execute(args);
        // Standard output is buffered (a 100,000-line path count is 150 MB): flush before exiting.
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }
}
