package io.github.gradpath.cli;

/** {@code java -jar gradpath.jar ...}: exit 0 ok, 1 a check failed, 2 bad input or usage, 3 internal error. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // picocli registers a converter for each java.sql and java.time type (and Path, which CommandFactory
        // replaces) at every start, by Class.forName and reflection: some 70 classes loaded for options gradpath
        // does not have. Its documented switch leaves them out (a user's own setting of it still wins).
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.(sql|time|nio\\.file)\\..*");
        }
        picocli.CommandLine cl = CommandFactory.create(args);
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands Errors on. Inputs are bounded where gradpath knows how (nesting, ranges, sizes); what is
            // left is a resource limit of this JVM, said in one line rather than a trace.
            cl.getErr().println("gradpath: error: out of memory (the Java heap is " + Runtime.getRuntime().maxMemory()
                    / (1 << 20) + " MB): the input is too large for it; give java a larger -Xmx");
            code = CommandFactory.BAD_INPUT;
        } catch (StackOverflowError e) {
            cl.getErr().println("gradpath: internal error: stack overflow (please report this with the input)");
            code = CommandFactory.INTERNAL;
        }
        // Standard output is buffered (a 100,000-line path count is 150 MB): flush before exiting. PrintWriter
        // swallows write errors, so ask: `gradpath paths x.nn > /dev/full` must not exit 0.
        cl.getOut().flush();
        if (cl.getOut().checkError() && code == CommandFactory.OK) {
            cl.getErr().println("gradpath: error: cannot write to standard output");
            code = CommandFactory.BAD_INPUT;
        }
        cl.getErr().flush();
        System.exit(code);
    }
}
