package dev.bulwark.hooks.shell;

import java.util.List;

/**
 * Redirections ({@code 2>&1}, {@code >out}, {@code <in}, {@code <<<word}) and here-documents, whose
 * bodies follow the line that opened them and are often the SQL a psql reads.
 */
final class Redirections {
    private static final List<String> OPERATORS = List.of("<<<", "<<-", "&>>", "<<", ">>", "<>", "<&", ">&", ">|", "&>",
            "<", ">");

    private final Cursor in;
    private final WordScanner words;

    Redirections(Cursor in, WordScanner words) {
        this.in = in;
        this.words = words;
    }

    /** A redirection at the cursor ({@code 2>&1}, {@code >out}, {@code <<EOF}...), or null. */
    Redirect redirect() {
        int i = in.pos;
        while (i < in.text.length() && Character.isDigit(in.text.charAt(i))) i++;
        String op = null;
        for (String candidate : OPERATORS) {
            if (in.text.startsWith(candidate, i)) {
                op = candidate;
                break;
            }
        }
        if (op == null || (i > in.pos && op.startsWith("&"))) return null;
        if (op.length() == 1 && i + 1 < in.text.length() && in.text.charAt(i + 1) == '(') return null;
        String fd = in.text.substring(in.pos, i);
        in.pos = i + op.length();
        in.skipBlanks();
        if (!words.atWord()) throw in.error("a file name is missing after " + op);
        Word target = words.read();
        if (!op.equals("<<") && !op.equals("<<-")) return new Redirect(fd, op, target, null);
        Redirect.HereDocument document = new Redirect.HereDocument(target.text(), op.equals("<<-"), target.isPlain());
        in.pendingHereDocuments.add(document);
        return new Redirect(fd, op, target, document);
    }

    void readHereDocuments() {
        for (Redirect.HereDocument document : in.pendingHereDocuments) {
            StringBuilder body = new StringBuilder();
            while (!in.atEnd()) {
                int eol = in.text.indexOf('\n', in.pos);
                String line = in.text.substring(in.pos, eol < 0 ? in.text.length() : eol);
                in.pos = eol < 0 ? in.text.length() : eol + 1;
                if (document.stripTabs()) line = line.replaceFirst("^\t+", "");
                if (line.equals(document.delimiter()) || line.equals(document.delimiter() + "\r")) break;
                body.append(line).append('\n');
            }
            document.fill(document.expands() ? expandingBody(body.toString()) : Word.literal(body.toString()));
        }
        in.pendingHereDocuments.clear();
    }

    private Word expandingBody(String body) {
        Cursor bodyCursor = new Cursor(body, in.depth + 1);
        return new WordScanner(bodyCursor, new ShellParser(bodyCursor)).hereDocumentBody();
    }
}
