package dev.bulwark.hooks.shell;

/**
 * A redirection: {@code fd} is the descriptor written before the operator ("" when none), {@code op}
 * one of {@code < > >> >| <> <& >& &> &>> << <<- <<<}. A here-document's body is read after the line
 * that holds its operator, so it is filled in when the parser gets there.
 */
public record Redirect(String fd, String op, Word target, HereDocument hereDocument) {

    public boolean readsInput() {
        return (fd.isEmpty() || fd.equals("0"))
                && (op.equals("<") || op.equals("<<") || op.equals("<<-") || op.equals("<<<") || op.equals("<>"));
    }

    public boolean writesFile() {
        return op.equals(">") || op.equals(">|") || op.equals("&>") || op.equals(">>") || op.equals("&>>");
    }

    /** Standard output leaves the pipe: to a file, or duplicated onto another descriptor ({@code >&2}). */
    public boolean divertsOutput() {
        boolean stdout = fd.isEmpty() || fd.equals("1");
        return (writesFile() && (stdout || op.startsWith("&"))) || (op.equals(">&") && stdout && !target.text().equals("1"));
    }

    public boolean truncates() {
        return op.equals(">") || op.equals(">|") || op.equals("&>");
    }

    /** The body of {@code <<WORD ... WORD}; unquoted delimiters leave expansions in the body active. */
    public static final class HereDocument {
        private final String delimiter;
        private final boolean stripTabs;
        private final boolean expands;
        private Word body = Word.literal("");

        HereDocument(String delimiter, boolean stripTabs, boolean expands) {
            this.delimiter = delimiter;
            this.stripTabs = stripTabs;
            this.expands = expands;
        }

        public Word body() {
            return body;
        }

        String delimiter() {
            return delimiter;
        }

        boolean stripTabs() {
            return stripTabs;
        }

        boolean expands() {
            return expands;
        }

        void fill(Word content) {
            this.body = content;
        }
    }
}
