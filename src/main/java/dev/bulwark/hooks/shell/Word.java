package dev.bulwark.hooks.shell;

import java.util.List;

/**
 * One shell word with its quoting removed, kept as parts so that expansions can be resolved (or
 * found unresolvable) later: literal text remembers whether it was quoted, which decides globbing and
 * field splitting.
 */
public record Word(List<Part> parts) {
    public Word {
        parts = List.copyOf(parts);
    }

    public static Word literal(String text) {
        return new Word(List.of(new Part.Literal(text, true)));
    }

    /** The word as written, with expansions shown in their source form; for messages. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            sb.append(switch (part) {
                case Part.Literal l -> l.text();
                case Part.Parameter v -> "$" + v.name();
                case Part.Substitution sub -> "$(...)";
                case Part.Dynamic d -> d.text();
                case Part.Tilde t -> "~" + t.user();
            });
        }
        return sb.toString();
    }

    /** Text only from literal parts, or null when the word holds an expansion. */
    public String literalText() {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (!(part instanceof Part.Literal l)) return null;
            sb.append(l.text());
        }
        return sb.toString();
    }

    /** True when nothing in the word was quoted or escaped: a reserved word or an assignment name. */
    public boolean isPlain() {
        return parts.size() == 1 && parts.get(0) instanceof Part.Literal l && !l.quoted();
    }

    public sealed interface Part {
        /** Text as the command receives it; unquoted text may still be a glob pattern. */
        record Literal(String text, boolean quoted) implements Part {
        }

        /** {@code $NAME}, {@code ${NAME}} or {@code ${NAME:-fallback}}. */
        record Parameter(String name, String fallback, boolean quoted) implements Part {
        }

        /**
         * {@code $( ... )} and backticks (the word holds the output), or a process substitution
         * {@code <( ... )} (the word is a file name to read that output from). The commands inside run too.
         */
        record Substitution(Script script, boolean quoted, boolean process) implements Part {
        }

        /** An expansion whose value cannot be known before it runs ({@code $1}, {@code $((...))}, {@code ${x/a/b}}). */
        record Dynamic(String text, boolean quoted) implements Part {
        }

        /** {@code ~} or {@code ~user} at the start of a word. */
        record Tilde(String user) implements Part {
        }
    }
}
