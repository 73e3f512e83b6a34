package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.List;

import dev.bulwark.hooks.shell.Script;
import dev.bulwark.hooks.shell.Word;
import dev.bulwark.hooks.shell.Word.Part;

/**
 * Turns words into the arguments a program receives: variables the shell knows are substituted
 * (unquoted ones split into fields), {@code ~} becomes the home directory, and what cannot be known
 * (unset variables, most command substitutions) stays as written, marked dynamic.
 */
final class Expander {
    private Expander() {
    }

    static List<Arg> fields(Word word, ShellState state) {
        Fields f = new Fields(true);
        for (Part part : word.parts()) f.add(part, state);
        return f.finish();
    }

    /** One value with no field splitting: an assignment's value, a redirection's target. */
    static Arg single(Word word, ShellState state) {
        Fields f = new Fields(false);
        for (Part part : word.parts()) f.add(part, state);
        List<Arg> out = f.finish();
        return out.isEmpty() ? Arg.of("") : out.get(0);
    }

    static List<Arg> all(List<Word> words, ShellState state) {
        List<Arg> out = new ArrayList<>();
        for (Word w : words) out.addAll(fields(w, state));
        return out;
    }

    static boolean hasGlob(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[') return true;
            if (c == '{' && text.indexOf(',', i) > 0 && text.indexOf('}', i) > 0) return true;
        }
        return false;
    }

    /**
     * The file name a process substitution {@code <( ... )} stands for. The walker records what the commands
     * inside write under this name, so that {@code psql -f <(echo 'DROP TABLE x')} reads it.
     */
    static String processSubstitutionPath(Script script) {
        return "/dev/fd/bulwark-" + Integer.toHexString(System.identityHashCode(script));
    }

    /**
     * The output of a few substitutions agents use to build commands and paths, which is predictable:
     * {@code $(which psql)}, {@code $(command -v terraform)}, {@code $(pwd)}, {@code $(mktemp -d)},
     * {@code $(cat file)} and {@code $(< file)}, {@code $(echo ...)}.
     */
    static String predictableOutput(Script script, ShellState state) {
        if (script.nodes().size() != 1 || !(script.nodes().get(0) instanceof Script.SimpleCommand c)) return null;
        if (c.words().isEmpty() && c.redirects().size() == 1 && c.redirects().get(0).op().equals("<")) {
            return stripTrailingNewlines(state.readFile(state.resolve(single(c.redirects().get(0).target(), state))));
        }
        List<String> words = new ArrayList<>();
        for (Word w : c.words()) {
            String literal = w.literalText();
            if (literal == null) return null;
            words.add(literal);
        }
        if (words.isEmpty()) return null;
        String last = words.get(words.size() - 1);
        return switch (words.get(0)) {
            case "which", "type", "command" -> words.size() > 1 && !last.startsWith("-") ? last : null;
            case "pwd" -> state.cwd() == null ? null : state.cwd().toString();
            case "cat" -> words.size() == 2 ? stripTrailingNewlines(state.readFile(state.resolve(Arg.of(last)))) : null;
            case "echo" -> String.join(" ", words.subList(1, words.size()));
            case "mktemp" -> temporaryPath(words, state);
            default -> null;
        };
    }

    /** Command substitution drops the output's trailing newlines. */
    private static String stripTrailingNewlines(String text) {
        return text == null ? null : text.replaceAll("\n+$", "");
    }

    private static String temporaryPath(List<String> words, ShellState state) {
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("-p") || w.equals("--tmpdir")) && i + 1 < words.size()) return words.get(i + 1) + "/tmp.mktemp";
            if (w.startsWith("--tmpdir=")) return w.substring("--tmpdir=".length()) + "/tmp.mktemp";
            if (!w.startsWith("-") && w.contains("/")) return w.replace('X', 'x');
        }
        String tmp = state.variable("TMPDIR");
        return (tmp == null || tmp.isEmpty() ? "/tmp" : tmp) + "/tmp.mktemp";
    }

    /** Accumulates the current field while parts are appended. */
    private static final class Fields {
        private final boolean split;
        private final List<Arg> out = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private boolean dynamic;
        private boolean glob;
        private boolean present;

        Fields(boolean split) {
            this.split = split;
        }

        void add(Part part, ShellState state) {
            switch (part) {
                case Part.Literal l -> append(l.text(), false, !l.quoted() && hasGlob(l.text()));
                case Part.Tilde t -> {
                    String home = t.user().isEmpty() ? state.variable("HOME")
                            : t.user().equals("root") ? "/root" : "/home/" + t.user();
                    if (home == null) append("~" + t.user(), true, false);
                    else append(home, false, false);
                }
                case Part.Parameter v -> {
                    String value = state.variable(v.name());
                    if (value == null) value = v.fallback();
                    if (value == null) append("$" + v.name(), true, false);
                    else if (v.quoted() || !split) append(value, false, false);
                    else splitInto(value);
                }
                case Part.Substitution s when s.process() -> append(processSubstitutionPath(s.script()), false, false);
                case Part.Substitution s -> {
                    String value = predictableOutput(s.script(), state);
                    if (value == null) append("$(...)", true, false);
                    else append(value, false, false);
                }
                case Part.Dynamic d -> append(d.text(), true, false);
            }
        }

        private void append(String s, boolean isDynamic, boolean isGlob) {
            text.append(s);
            dynamic |= isDynamic;
            glob |= isGlob;
            present = true;
        }

        /** Unquoted expansion: split on blanks; an empty value adds no argument of its own. */
        private void splitInto(String value) {
            String[] pieces = value.trim().split("[ \t\n]+");
            if (value.isBlank()) return;
            if (Character.isWhitespace(value.charAt(0))) endField();
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) endField();
                append(pieces[i], false, hasGlob(pieces[i]));
            }
            if (Character.isWhitespace(value.charAt(value.length() - 1))) endField();
        }

        private void endField() {
            if (present) out.add(new Arg(text.toString(), dynamic, glob));
            text.setLength(0);
            dynamic = false;
            glob = false;
            present = false;
        }

        List<Arg> finish() {
            endField();
            return out;
        }
    }
}
