package io.github.gradpath.render;

/**
 * A Jupyter notebook (nbformat 4) with one Markdown cell. Written by hand rather than with a JSON library: the
 * structure is fixed and the only data is the cell's lines, escaped as JSON strings.
 */
final class Notebook {
    private Notebook() {}

    static String markdownCell(String markdown) {
        StringBuilder sb = new StringBuilder("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n"
                + "   \"metadata\": {},\n   \"source\": [");
        String[] lines = markdown.split("\n", -1);
        int n = markdown.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "\n    " : ",\n    ");
            json(sb, i < n - 1 ? lines[i] + "\n" : lines[i]);
        }
        sb.append("\n   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 4\n}\n");
        return sb.toString();
    }

    private static void json(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
