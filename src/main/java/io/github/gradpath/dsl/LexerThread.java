package io.github.gradpath.dsl;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A token source's tokens read on a thread of its own, in chunks, ahead of the parser: on a big file the lexer
 * is a fifth of the front end's time, and the machine's second core is otherwise idle while the parser runs.
 * What the source throws (a syntax give-up, an error) is thrown again to the parser, at the token it would have
 * come at. Everything the source did before a chunk is visible to the parser once it has that chunk (the queue's
 * hand-over orders them), so its error listener can be read when the parser has taken the end of file.
 * {@link #close} stops the thread when the parser gives up early.
 */
final class LexerThread implements TokenSource, AutoCloseable {
    private static final int CHUNK = 2048;

    private final TokenSource source;
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(32);
    private volatile boolean closed;
    private Token[] chunk;
    private int next;
    private int size;
    private Token eof;

    LexerThread(TokenSource source) {
        this.source = source;
        Thread t = new Thread(this::run, "gradpath-lexer");
        t.setDaemon(true); // never keeps the JVM alive: a parser that stopped early has closed it anyway
        t.start();
    }

    private void run() {
        try {
            boolean end = false;
            while (!end && !closed) {
                Token[] c = new Token[CHUNK];
                int n = 0;
                while (n < CHUNK) {
                    Token t = source.nextToken();
                    c[n++] = t;
                    if (t.getType() == Token.EOF) {
                        end = true;
                        break;
                    }
                }
                hand(new Chunk(c, n));
            }
        } catch (Throwable e) { // the parser's thread throws it again; this one only carries it
            hand(e);
        }
    }

    private record Chunk(Token[] tokens, int size) {}

    private void hand(Object o) {
        try {
            while (!closed && !queue.offer(o, 20, TimeUnit.MILLISECONDS)) {
                // the parser is behind; wait for room, or for close()
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public Token nextToken() {
        if (eof != null) return eof;
        if (next == size) take();
        Token t = chunk[next++];
        if (t.getType() == Token.EOF) eof = t;
        return t;
    }

    private void take() {
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading tokens", e);
        }
        if (o instanceof RuntimeException e) throw e;
        if (o instanceof Error e) throw e;
        if (o instanceof Throwable e) throw new IllegalStateException(e);
        Chunk c = (Chunk) o;
        chunk = c.tokens();
        size = c.size();
        next = 0;
    }

    @Override public void close() {
        closed = true;
        queue.clear();
    }

    @Override public int getLine() { return eof != null ? eof.getLine() : 0; }
    @Override public int getCharPositionInLine() { return eof != null ? eof.getCharPositionInLine() : 0; }
    @Override public CharStream getInputStream() { return source.getInputStream(); }
    @Override public String getSourceName() { return source.getSourceName(); }
    @Override public void setTokenFactory(TokenFactory<?> factory) {
        throw new UnsupportedOperationException("the lexer runs on its own thread; set its factory before");
    }
    @Override public TokenFactory<?> getTokenFactory() { return source.getTokenFactory(); }
}
