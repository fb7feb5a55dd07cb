package io.github.gradpath.batch;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the batch protocol (RFC 8259), read and written without a library: requests are small and flat, and
 * a dependency would add more classes to start than this file. Values are {@code null}, {@link Boolean},
 * {@link String}, {@link BigDecimal} (numbers, exact), {@link List} and {@link Map} (insertion-ordered, so output
 * is byte for byte what the caller put in). Parsing is iterative (an explicit stack), so nesting depth costs heap,
 * not Java stack; it is capped anyway, at {@link #MAX_DEPTH}.
 */
public final class Json {
    public static final int MAX_DEPTH = 512;

    private Json() {}

    /** A syntax error at a 0-based character {@code offset} of the text. */
    public static final class ParseError extends Exception {
        private final int offset;

        ParseError(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }

        public int offset() { return offset; }
    }

    public static Object parse(String text) throws ParseError {
        Reader r = new Reader(text);
        r.skipSpace();
        Object v = r.value();
        r.skipSpace();
        if (r.i < text.length()) throw new ParseError(r.i, "unexpected " + r.describe() + " after the JSON value");
        return v;
    }

    private static final class Reader {
        final String s;
        int i;

        Reader(String s) { this.s = s; }

        /** One value; containers are filled by a loop over an explicit stack of open containers. */
        Object value() throws ParseError {
            Deque<Object> open = new ArrayDeque<>();
            Deque<String> keys = new ArrayDeque<>();
            Object result;
            while (true) {
                skipSpace();
                Object v;
                char c = peek("a value");
                if (c == '{' || c == '[') {
                    if (open.size() >= MAX_DEPTH) throw new ParseError(i, "nested deeper than " + MAX_DEPTH);
                    i++;
                    skipSpace();
                    if (c == '{') {
                        open.push(new LinkedHashMap<String, Object>());
                        if (peek("a key or '}'") == '}') { i++; v = open.pop(); }
                        else { keys.push(key(open.peek())); continue; }
                    } else {
                        open.push(new ArrayList<Object>());
                        if (peek("a value or ']'") == ']') { i++; v = open.pop(); }
                        else continue;
                    }
                } else {
                    v = scalar();
                }
                // Attach v to the innermost container, then close every container that ends here.
                while (true) {
                    if (open.isEmpty()) { result = v; return result; }
                    Object top = open.peek();
                    if (top instanceof Map<?, ?> m) {
                        @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) m;
                        map.put(keys.pop(), v);
                    } else {
                        @SuppressWarnings("unchecked") List<Object> list = (List<Object>) top;
                        list.add(v);
                    }
                    skipSpace();
                    char d = peek(top instanceof Map ? "',' or '}'" : "',' or ']'");
                    if (d == ',') {
                        i++;
                        if (top instanceof Map<?, ?>) { skipSpace(); keys.push(key(top)); }
                        break;
                    }
                    if (d == (top instanceof Map ? '}' : ']')) {
                        i++;
                        v = open.pop();
                        continue;
                    }
                    throw new ParseError(i, "expected " + (top instanceof Map ? "',' or '}'" : "',' or ']'")
                            + ", found " + describe());
                }
            }
        }

        private String key(Object map) throws ParseError {
            if (peek("a key") != '"') throw new ParseError(i, "expected a string key, found " + describe());
            int at = i;
            String k = string();
            if (((Map<?, ?>) map).containsKey(k)) throw new ParseError(at, "duplicate key \"" + k + "\"");
            skipSpace();
            if (peek("':'") != ':') throw new ParseError(i, "expected ':' after the key, found " + describe());
            i++;
            return k;
        }

        private Object scalar() throws ParseError {
            char c = s.charAt(i);
            if (c == '"') return string();
            if (c == '-' || (c >= '0' && c <= '9')) return number();
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            throw new ParseError(i, "expected a value, found " + describe());
        }

        private BigDecimal number() throws ParseError {
            int start = i;
            if (s.charAt(i) == '-') i++;
            if (i < s.length() && s.charAt(i) == '0') i++;
            else if (!digits()) throw new ParseError(i, "expected a digit, found " + describe());
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                if (!digits()) throw new ParseError(i, "expected a digit after '.', found " + describe());
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
                if (!digits()) throw new ParseError(i, "expected a digit in the exponent, found " + describe());
            }
            try {
                return new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new ParseError(start, "number out of range");
            }
        }

        private boolean digits() {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            return i > start;
        }

        private String string() throws ParseError {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new ParseError(i, "unterminated string");
                char c = s.charAt(i);
                if (c == '"') { i++; return sb.toString(); }
                if (c < 0x20) throw new ParseError(i, "control character U+" + hex(c) + " in a string (escape it)");
                if (c != '\\') { sb.append(c); i++; continue; }
                if (i + 1 >= s.length()) throw new ParseError(i, "unterminated string");
                char e = s.charAt(i + 1);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 6 > s.length()) throw new ParseError(i, "incomplete \\u escape");
                        int cp = 0;
                        for (int k = i + 2; k < i + 6; k++) {
                            int dgt = Character.digit(s.charAt(k), 16);
                            if (dgt < 0) throw new ParseError(k, "bad hex digit in a \\u escape");
                            cp = cp * 16 + dgt;
                        }
                        sb.append((char) cp);
                        i += 4;
                    }
                    default -> throw new ParseError(i, "unknown escape \\" + e);
                }
                i += 2;
            }
        }

        char peek(String expected) throws ParseError {
            if (i >= s.length()) throw new ParseError(i, "expected " + expected + ", found the end of the line");
            return s.charAt(i);
        }

        void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                i++;
            }
        }

        String describe() {
            if (i >= s.length()) return "the end of the line";
            char c = s.charAt(i);
            return c < 0x20 || c > 0x7e ? "U+" + hex(c) : "'" + c + "'";
        }
    }

    private static String hex(char c) {
        return String.format(java.util.Locale.ROOT, "%04X", (int) c);
    }

    /**
     * One line of JSON, no spaces, maps in their insertion order. Non-ASCII is written as is (the stream is UTF-8);
     * control characters and the line separators U+2028/U+2029 are escaped so a value never breaks the line.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        // Explicit stack of pending output, so deep values cost no Java stack.
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(value == null ? NULL : value);
        while (!todo.isEmpty()) {
            Object v = todo.pop();
            if (v == NULL) v = null;
            if (v instanceof Raw r) { sb.append(r.text); continue; }
            if (v == null) sb.append("null");
            else if (v instanceof Boolean b) sb.append(b);
            else if (v instanceof String str) quote(str, sb);
            else if (v instanceof BigDecimal bd) sb.append(bd.toString());
            else if (v instanceof Integer || v instanceof Long) sb.append(v);
            else if (v instanceof Map<?, ?> m) {
                List<Object> parts = new ArrayList<>();
                parts.add(new Raw("{"));
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    StringBuilder k = new StringBuilder(first ? "" : ",");
                    quote(String.valueOf(e.getKey()), k);
                    parts.add(new Raw(k.append(':').toString()));
                    parts.add(e.getValue());
                    first = false;
                }
                parts.add(new Raw("}"));
                for (int k = parts.size() - 1; k >= 0; k--) todo.push(parts.get(k) == null ? NULL : parts.get(k));
            } else if (v instanceof List<?> l) {
                List<Object> parts = new ArrayList<>();
                parts.add(new Raw("["));
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) parts.add(new Raw(","));
                    parts.add(l.get(k));
                }
                parts.add(new Raw("]"));
                for (int k = parts.size() - 1; k >= 0; k--) todo.push(parts.get(k) == null ? NULL : parts.get(k));
            } else {
                throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
            }
        }
        return sb.toString();
    }

    private record Raw(String text) {}

    /** Stands for null on the stack (an ArrayDeque holds no nulls). */
    private static final Object NULL = new Raw("null");

    static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') sb.append("\\u").append(hex(c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
