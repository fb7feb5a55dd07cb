package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stage 2 run beside stage 1 on a big file: a concrete network's rules bound on a thread of their own as the
 * parser gives them (on a 100,000-layer file binding is a third of the front end's time, and the machine's second
 * core is otherwise idle but for the lexer). The result is the one {@link Instantiator#instantiate} gives after the
 * parse, diagnostics included in their order, on one condition the parser's side checks as it goes: everything
 * binding reads before the first rule (indices, scalars, leaves) is written before it. So the binding gives up,
 * and the caller binds after the parse as always, when
 * <ul>
 *   <li>the network declares an index (it is then bound per witness, or refused);</li>
 *   <li>an index, input, parameter or scalar is declared after a rule;</li>
 *   <li>a rule defines an unsubscripted node named like a scalar coefficient ({@code lambda = ...}, or a
 *       declared scalar): binding reads such names in every rule, before and after.</li>
 * </ul>
 * Rules cross to the binding thread in chunks, the final spec after them; the parser keeps none of them (the
 * spec it gives is then a header, {@link Parsed}), and a binding that gives up after the first has the file parsed
 * again without it (a rare file: declarations after rules, or a coefficient's name defined, and 256 KiB long). The
 * binding's diagnostics are its own until {@link #result} hands them over.
 */
final class Prebinder implements AutoCloseable {
    private static final int CHUNK = 1024;
    private static final Object ABORT = new Object();

    /** What the parser has seen before the first rule, copied when it comes (the parser's lists go on growing). */
    record Prefix(List<NameRef> scalars, List<NameRef> inputs, List<NameRef> params, List<NetworkSpec.LeafLoop> leafLoops) {}

    private final Source source;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Optional<Network>> done = new CompletableFuture<>();
    private final Diagnostics staged = new Diagnostics();
    private final int expectedRules;

    // The parser's side.
    private boolean started;
    private boolean given;
    private int declarations;
    private final Set<String> scalarNames = new HashSet<>();
    private List<NetworkSpec.Rule> chunk = new ArrayList<>(CHUNK);

    Prebinder(Source source) {
        this.source = source;
        // About one rule per line of 24 characters or more (`  h_123 = a(w_122 h_122);`): maps sized from it grow
        // less often; a file of comments only sizes them too big, which costs a little memory, nothing else.
        this.expectedRules = (int) Math.min(source.text().length() / 24, Instantiator.MAX_INSTANCES);
    }

    /** Called after each statement, once {@code ast} holds its records. */
    void statement(AstBuilder ast) {
        if (given) return;
        NetworkSpec.Rule rule = ast.lastRule();
        int declarations = ast.declarations();
        if (rule == null) {
            if (started && declarations != this.declarations) giveUp();
            return;
        }
        if (!started) {
            if (ast.hasIndices()) {
                giveUp();
                return;
            }
            started = true;
            this.declarations = declarations;
            Prefix prefix = ast.prefix();
            ast.dropRules();
            for (NameRef n : prefix.scalars()) scalarNames.add(n.base());
            queue.add(prefix);
            Thread t = new Thread(this::run, "gradpath-binder");
            t.setDaemon(true); // never keeps the JVM alive: a parser that stopped early has closed it anyway
            t.start();
        } else if (declarations != this.declarations) {
            giveUp();
            return;
        }
        if (rule.target().subscripts().isEmpty()
                && (FormulaBinder.greekCoefficient(rule.target().base()) || scalarNames.contains(rule.target().base()))) {
            giveUp();
            return;
        }
        chunk.add(rule);
        if (chunk.size() == CHUNK) {
            queue.add(chunk);
            chunk = new ArrayList<>(CHUNK);
        }
    }

    /**
     * Whether it gave up after taking rules: the parser then kept none (see {@link AstBuilder#dropRules}), so the
     * file is parsed again, the usual way.
     */
    boolean tookRules() { return given && started; }

    /** The parse is done and {@code spec} is what it made: the binding finishes; false if it has given up. */
    boolean end(NetworkSpec spec) {
        if (given || !started) return false;
        if (!chunk.isEmpty()) queue.add(chunk);
        queue.add(spec);
        return true;
    }

    /** The binding's result, its diagnostics added to {@code diags} (waits for it). */
    Optional<Network> result(Diagnostics diags) {
        Optional<Network> net;
        try {
            net = done.join();
        } catch (java.util.concurrent.CompletionException e) {
            // A bug on the binding thread is thrown as it would have been on this one.
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
        diags.addAll(staged);
        return net;
    }

    private void giveUp() {
        given = true;
        chunk = null;
        if (started) queue.add(ABORT);
    }

    @Override public void close() {
        if (!given && started && !done.isDone()) giveUp();
    }

    @SuppressWarnings("unchecked")
    private void run() {
        try {
            Prefix p = (Prefix) queue.take();
            Instantiator in = new Instantiator(source, Map.of(), staged, expectedRules);
            in.declare(List.of(), p.scalars(), p.inputs(), p.params(), p.leafLoops(), List.of());
            while (true) {
                Object o = queue.take();
                if (o == ABORT) {
                    done.complete(Optional.empty());
                    return;
                }
                if (o instanceof NetworkSpec spec) {
                    done.complete(in.finish(spec));
                    return;
                }
                for (NetworkSpec.Rule r : (List<NetworkSpec.Rule>) o) in.rule(r);
            }
        } catch (Throwable e) { // the parser's thread throws it again (result); this one only carries it
            done.completeExceptionally(e);
        }
    }
}
