package io.github.gradpath.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A command's picocli model, built by hand with picocli's programmatic API. picocli's annotations are read by
 * reflection at every start: a proxy class per annotation type (which class-data sharing cannot archive), every
 * field reflected over, and that was most of a short run's start-up. Here nothing is reflected: each option is
 * bound to its command's field by a getter and a setter.
 *
 * <p>The model is the one the annotations gave, attribute for attribute: the same names, labels (a field's
 * option without a label is {@code <field>}, as picocli names it), defaults, initial values (the field's value
 * before parsing, which picocli restores before every parse: the batch mode parses many command lines into one
 * command), and {@code -h}/{@code -V} after the command's own options, as {@code mixinStandardHelpOptions} adds
 * them. {@code src/bench/cli-outputs.sh} records every command's help, usage errors and outputs to compare builds.
 */
final class CommandModel {
    private final CommandSpec spec;
    private final List<OptionSpec.Builder> options = new ArrayList<>();
    private final List<PositionalParamSpec.Builder> positionals = new ArrayList<>();

    CommandModel(Object command, String name, String... description) {
        spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.usageMessage().description(description);
    }

    /** An option taking one value of {@code type}, shown as {@code label}. */
    <T> OptionSpec.Builder option(String label, Class<T> type, Supplier<T> get, Consumer<T> set, String... names) {
        OptionSpec.Builder b = bind(OptionSpec.builder(names), type, get, set).paramLabel(label).descriptionKey("");
        options.add(b);
        return b;
    }

    /** A boolean option without a value. */
    OptionSpec.Builder flag(Supplier<Boolean> get, Consumer<Boolean> set, String label, String... names) {
        return option(label, boolean.class, get, set, names);
    }

    /** An option whose values, each of {@code element}, are collected in a list (in the order given). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <E> OptionSpec.Builder list(String label, Class<E> element, Supplier<List<E>> get, Consumer<List<E>> set,
                                String... names) {
        OptionSpec.Builder b = bind(OptionSpec.builder(names), (Class) List.class, (Supplier) get, (Consumer) set)
                .auxiliaryTypes(element).paramLabel(label).descriptionKey("");
        options.add(b);
        return b;
    }

    /** A positional parameter of {@code type}, required (as picocli makes one whose arity is at least 1). */
    <T> PositionalParamSpec.Builder positional(String label, Class<T> type, Supplier<T> get, Consumer<T> set) {
        PositionalParamSpec.Builder b = bind(PositionalParamSpec.builder(), type, get, set).paramLabel(label)
                .descriptionKey("").required(true);
        positionals.add(b);
        return b;
    }

    /** Positional parameters collected in a list. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <E> PositionalParamSpec.Builder positionals(String label, Class<E> element, Supplier<List<E>> get,
                                                Consumer<List<E>> set) {
        PositionalParamSpec.Builder b = bind(PositionalParamSpec.builder(), (Class) List.class, (Supplier) get,
                (Consumer) set).auxiliaryTypes(element).paramLabel(label).descriptionKey("")
                .required(true);
        positionals.add(b);
        return b;
    }

    /** The network file of {@code paths}, {@code graph} and {@code verify}. */
    PositionalParamSpec.Builder networkFile(Supplier<String> get, Consumer<String> set) {
        return positional("FILE", String.class, get, set).description("Network file (.nn); '-' reads standard input.");
    }

    /** {@code --wrt NAME[,NAME...]}: the nodes a command is about. */
    OptionSpec.Builder wrt(String description, Supplier<List<String>> get, Consumer<List<String>> set) {
        return list("NAME", String.class, get, set, "--wrt").splitRegex(",").description(description);
    }

    /** {@code --max-terms}, the bound on a paths form's length (derive and verify). */
    OptionSpec.Builder maxTerms(Supplier<Integer> get, Consumer<Integer> set) {
        return option("<maxTerms>", int.class, get, set, "--max-terms").defaultValue("10000")
                .description("Largest path count the paths form may list.");
    }

    /** The model: the options in the order given, then {@code -h} and {@code -V}, then the positionals. */
    CommandSpec build() {
        for (OptionSpec.Builder b : options) spec.addOption(b.build());
        standardHelp(spec);
        for (PositionalParamSpec.Builder b : positionals) spec.addPositional(b.build());
        return spec;
    }

    /** {@code -h, --help} and {@code -V, --version}, worded as picocli's {@code mixinStandardHelpOptions}. */
    static void standardHelp(CommandSpec spec) {
        spec.addOption(helpOption("help", "<helpRequested>", "Show this help message and exit.", "-h", "--help")
                .usageHelp(true).build());
        spec.addOption(helpOption("version", "<versionRequested>", "Print version information and exit.", "-V",
                "--version").versionHelp(true).build());
    }

    private static OptionSpec.Builder helpOption(String key, String label, String description, String... names) {
        Flag value = new Flag();
        return OptionSpec.builder(names).type(boolean.class).getter(value).setter(value).initialValue(false).prompt("")
                .paramLabel(label).descriptionKey("mixinStandardHelpOptions." + key).description(description);
    }

    // Two of each: picocli's common builder class (ArgSpec.Builder) is not public.
    private static <T> OptionSpec.Builder bind(OptionSpec.Builder b, Class<T> type, Supplier<T> get, Consumer<T> set) {
        Binding<T> binding = new Binding<>(get, set);
        return b.type(type).getter(binding).setter(binding).initialValue(get.get()).prompt("");
    }

    private static <T> PositionalParamSpec.Builder bind(PositionalParamSpec.Builder b, Class<T> type, Supplier<T> get,
                                                        Consumer<T> set) {
        Binding<T> binding = new Binding<>(get, set);
        return b.type(type).getter(binding).setter(binding).initialValue(get.get()).prompt("");
    }

    /** A field, read and written through its command's accessors. */
    private record Binding<T>(Supplier<T> getter, Consumer<T> setter)
            implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) getter.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V value) {
            V old = get();
            setter.accept((T) value);
            return old;
        }
    }

    /** The value of {@code --help} or {@code --version}: picocli asks it, the commands do not. */
    private static final class Flag implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
        private Object value = false;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T v) {
            Object old = value;
            value = v;
            return (T) old;
        }
    }
}
