package io.github.gradpath.dsl;

import io.github.gradpath.dsl.parser.GradpathLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/** A token source in front of the lexer that changes or checks what it gives; all else is the lexer's. */
abstract class LexerFilter implements TokenSource {
    protected final GradpathLexer lexer;

    LexerFilter(GradpathLexer lexer) { this.lexer = lexer; }

    @Override public int getLine() { return lexer.getLine(); }
    @Override public int getCharPositionInLine() { return lexer.getCharPositionInLine(); }
    @Override public CharStream getInputStream() { return lexer.getInputStream(); }
    @Override public String getSourceName() { return lexer.getSourceName(); }
    @Override public void setTokenFactory(TokenFactory<?> factory) { lexer.setTokenFactory(factory); }
    @Override public TokenFactory<?> getTokenFactory() { return lexer.getTokenFactory(); }
}
