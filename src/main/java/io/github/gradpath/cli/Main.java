package io.github.gradpath.cli;

/** {@code java -jar gradpath.jar ...}: exit 0 ok, 1 a check failed, 2 bad input or usage, 3 internal error. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(CommandFactory.create().execute(args));
    }
}
