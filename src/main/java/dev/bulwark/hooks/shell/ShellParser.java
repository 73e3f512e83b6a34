package dev.bulwark.hooks.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.bulwark.hooks.shell.Script.Group;
import dev.bulwark.hooks.shell.Script.GroupKind;
import dev.bulwark.hooks.shell.Script.Node;
import dev.bulwark.hooks.shell.Script.Pipeline;
import dev.bulwark.hooks.shell.Script.SimpleCommand;

/**
 * Parses a command line the way bash reads it, far enough to find every command that would run:
 * lists and pipelines, subshells and brace groups, if/while/until/for/case, function bodies, command
 * and process substitutions, redirections and here-documents (whose bodies are kept, since they are
 * often SQL fed to psql). Input bash would reject raises {@link ShellSyntaxException}.
 */
public final class ShellParser {
    /** Reserved words that only introduce the commands after them. */
    private static final Set<String> TRANSPARENT = Set.of("then", "else", "elif", "do", "!");
    private static final Set<String> CLOSERS = Set.of("fi", "done", "esac", "}");

    private final Cursor in;
    private final WordScanner words;
    private final Compounds compounds;
    private final Redirections redirections;

    ShellParser(Cursor in) {
        this.in = in;
        this.words = new WordScanner(in, this);
        this.compounds = new Compounds(this, in, words);
        this.redirections = new Redirections(in, words);
    }

    public static Script parse(String text) {
        return parse(text, 0);
    }

    static Script parse(String text, int depth) {
        ShellParser parser = new ShellParser(new Cursor(text, depth));
        Script script = parser.sequence(Stop.END);
        if (!parser.in.atEnd()) throw parser.in.error("unexpected '" + parser.in.peek() + "'");
        parser.redirections.readHereDocuments();
        return script;
    }

    /** The commands of {@code $( ... )} or {@code <( ... )}, through the closing parenthesis. */
    Script nestedUntilParen() {
        in.enter();
        Script body = sequence(Stop.PAREN);
        expect(')');
        in.leave();
        return body;
    }

    record Stop(boolean paren, Set<String> keywords, boolean caseItem) {
        static final Stop END = new Stop(false, Set.of(), false);
        static final Stop PAREN = new Stop(true, Set.of(), false);
        static final Stop CASE_ITEM = new Stop(false, Set.of("esac"), true);

        static Stop at(String keyword) {
            return new Stop(false, Set.of(keyword), false);
        }
    }

    Script sequence(Stop stop) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            in.skipBlanks();
            if (in.skipComment() || newline()) continue;
            if (in.atEnd()) break;
            char c = in.peek();
            if (c == ';') {
                if (in.peek(1) == ';' || in.peek(1) == '&') {
                    if (stop.caseItem()) break;
                    throw in.error("unexpected ';" + in.peek(1) + "'");
                }
                in.pos++;
                continue;
            }
            if (in.startsWith("&&") || in.startsWith("||")) {
                // unlike ; and &, these need a command after them (possibly on the next line)
                in.pos += 2;
                skipBlanksAndNewlines();
                nodes.add(pipeline());
                continue;
            }
            if (c == '&' && in.peek(1) != '>') {
                in.pos++;
                continue;
            }
            if (c == ')') {
                if (stop.paren()) break;
                throw in.error("unexpected ')'");
            }
            if (c == '|') throw in.error("unexpected '|'");
            String keyword = reservedWordHere();
            if (keyword != null && stop.keywords().contains(keyword)) break;
            if (keyword != null && TRANSPARENT.contains(keyword)) {
                in.pos += keyword.length();
                continue;
            }
            if (keyword != null && CLOSERS.contains(keyword)) throw in.error("unexpected '" + keyword + "'");
            nodes.add(pipeline());
        }
        return new Script(nodes);
    }

    private Node pipeline() {
        List<Node> stages = new ArrayList<>();
        stages.add(command());
        while (true) {
            in.skipBlanks();
            if (in.peek() != '|' || in.peek(1) == '|') break;
            in.pos += in.peek(1) == '&' ? 2 : 1;
            skipBlanksAndNewlines();
            stages.add(command());
        }
        return stages.size() == 1 ? stages.get(0) : new Pipeline(stages);
    }

    Node command() {
        in.skipBlanks();
        if (in.startsWith("((")) {
            in.balancedParens("((");
            return new SimpleCommand(List.of(Word.literal(":")), redirects());
        }
        if (in.peek() == '(') {
            in.pos++;
            return new Group(nestedUntilParen(), GroupKind.SUBSHELL, redirects());
        }
        String keyword = reservedWordHere();
        if (keyword != null) {
            switch (keyword) {
                case "{" -> {
                    return compounds.compound("{", "}");
                }
                case "if" -> {
                    return compounds.compound("if", "fi");
                }
                case "while", "until" -> {
                    return compounds.compound(keyword, "done");
                }
                case "for", "select" -> {
                    return compounds.forLoop(keyword);
                }
                case "case" -> {
                    return compounds.caseCommand();
                }
                case "function" -> {
                    return compounds.functionKeyword();
                }
                case "[[" -> {
                    return compounds.conditional();
                }
                case "!" -> {
                    in.pos++;
                    return command();
                }
                default -> {
                }
            }
        }
        return simpleCommand();
    }

    private Node simpleCommand() {
        List<Word> found = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            in.skipBlanks();
            if (in.atEnd() || in.skipComment()) break;
            Redirect redirect = redirections.redirect();
            if (redirect != null) {
                redirects.add(redirect);
                continue;
            }
            if (in.peek() == '(') {
                if (found.size() == 1 && compounds.functionParensHere()) {
                    compounds.skipFunctionParens();
                    return compounds.functionBody();
                }
                if (!found.isEmpty() && endsWithAssignment(found.get(found.size() - 1))) {
                    in.balancedParens("array");
                    continue;
                }
                throw in.error("unexpected '('");
            }
            if (!words.atWord()) break;
            found.add(words.read());
        }
        if (found.isEmpty() && redirects.isEmpty()) {
            throw in.atEnd() ? in.error("a command is missing at the end") : in.error("unexpected '" + in.peek() + "'");
        }
        return new SimpleCommand(found, redirects);
    }

    private static boolean endsWithAssignment(Word word) {
        String text = word.literalText();
        return text != null && text.endsWith("=") && text.matches("[A-Za-z_][A-Za-z0-9_]*\\+?=");
    }

    List<Redirect> redirects() {
        List<Redirect> found = new ArrayList<>();
        while (true) {
            in.skipBlanks();
            Redirect redirect = redirections.redirect();
            if (redirect == null) return found;
            found.add(redirect);
        }
    }

    /** After a newline that ends a command line, the bodies of the here-documents opened on it follow. */
    private boolean newline() {
        if (in.peek() != '\n' || in.atEnd()) return false;
        in.pos++;
        redirections.readHereDocuments();
        return true;
    }

    void skipBlanksAndNewlines() {
        while (true) {
            in.skipBlanks();
            if (!in.skipComment() && !newline()) return;
        }
    }

    /** The reserved word at the cursor, when the word here is one written plainly (not quoted). */
    String reservedWordHere() {
        int end = in.pos;
        while (end < in.text.length() && !Cursor.endsWord(in.text.charAt(end))) {
            char c = in.text.charAt(end);
            if (c == '\'' || c == '"' || c == '\\' || c == '$' || c == '`') return null;
            end++;
        }
        String word = in.text.substring(in.pos, end);
        return switch (word) {
            case "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "select",
                 "function", "{", "}", "[[", "]]", "!", "in" -> word;
            default -> null;
        };
    }

    private void expect(char c) {
        if (in.peek() != c || in.atEnd()) throw in.error("expected '" + c + "'");
        in.pos++;
    }

    void expectKeyword(String keyword) {
        if (!keyword.equals(reservedWordHere())) {
            throw in.atEnd() ? in.error("'" + keyword + "' is missing") : in.error("expected '" + keyword + "'");
        }
        in.pos += keyword.length();
    }
}
