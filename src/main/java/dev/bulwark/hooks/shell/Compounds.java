package dev.bulwark.hooks.shell;

import java.util.ArrayList;
import java.util.List;

import dev.bulwark.hooks.shell.Script.Group;
import dev.bulwark.hooks.shell.Script.GroupKind;
import dev.bulwark.hooks.shell.Script.Node;
import dev.bulwark.hooks.shell.Script.SimpleCommand;

/**
 * Compound commands: brace groups, if/while/until, for/select, case, function definitions and
 * {@code [[ ... ]]}. Their structure matters only as far as it holds commands that run.
 */
final class Compounds {
    private final ShellParser parser;
    private final Cursor in;
    private final WordScanner words;

    Compounds(ShellParser parser, Cursor in, WordScanner words) {
        this.parser = parser;
        this.in = in;
        this.words = words;
    }

    Node compound(String open, String close) {
        in.pos += open.length();
        in.enter();
        Script body = parser.sequence(ShellParser.Stop.at(close));
        parser.expectKeyword(close);
        in.leave();
        return new Group(body, open.equals("{") ? GroupKind.BRACE : GroupKind.COMPOUND, parser.redirects());
    }

    Node forLoop(String keyword) {
        in.pos += keyword.length();
        List<Word> header = new ArrayList<>(List.of(Word.literal(keyword)));
        in.skipBlanks();
        if (in.startsWith("((")) {
            in.balancedParens("((");
        } else {
            while (true) {
                in.skipBlanks();
                if (in.atEnd()) throw in.error("unterminated " + keyword);
                if (in.peek() == ';' || in.peek() == '\n' || "do".equals(parser.reservedWordHere())) break;
                if (!words.atWord()) throw in.error("unexpected '" + in.peek() + "' in " + keyword);
                header.add(words.read());
            }
        }
        in.enter();
        Script body = parser.sequence(ShellParser.Stop.at("done"));
        parser.expectKeyword("done");
        in.leave();
        List<Node> nodes = new ArrayList<>();
        nodes.add(new SimpleCommand(header, List.of()));
        nodes.addAll(body.nodes());
        return new Group(new Script(nodes), GroupKind.COMPOUND, parser.redirects());
    }

    Node caseCommand() {
        in.pos += "case".length();
        in.skipBlanks();
        if (!words.atWord()) throw in.error("case without a word");
        List<Node> nodes = new ArrayList<>();
        nodes.add(new SimpleCommand(List.of(Word.literal("case"), words.read()), List.of()));
        parser.skipBlanksAndNewlines();
        parser.expectKeyword("in");
        in.enter();
        while (true) {
            parser.skipBlanksAndNewlines();
            if (in.atEnd()) throw in.error("unterminated case");
            if ("esac".equals(parser.reservedWordHere())) {
                in.pos += "esac".length();
                break;
            }
            casePatterns();
            nodes.addAll(parser.sequence(ShellParser.Stop.CASE_ITEM).nodes());
            if (in.startsWith(";;&")) {
                in.pos += 3;
            } else if (in.startsWith(";;") || in.startsWith(";&")) {
                in.pos += 2;
            }
        }
        in.leave();
        return new Group(new Script(nodes), GroupKind.COMPOUND, parser.redirects());
    }

    private void casePatterns() {
        if (in.peek() == '(') in.pos++;
        while (true) {
            in.skipBlanks();
            if (!words.atWord()) throw in.error("expected a case pattern");
            words.read();
            in.skipBlanks();
            if (in.peek() == '|') {
                in.pos++;
            } else if (in.peek() == ')') {
                in.pos++;
                return;
            } else {
                throw in.error("expected ')' after a case pattern");
            }
        }
    }

    Node functionKeyword() {
        in.pos += "function".length();
        in.skipBlanks();
        if (!words.atWord()) throw in.error("function without a name");
        words.read();
        in.skipBlanks();
        if (functionParensHere()) skipFunctionParens();
        return functionBody();
    }

    Node functionBody() {
        parser.skipBlanksAndNewlines();
        in.enter();
        Node body = parser.command();
        in.leave();
        return new Group(new Script(List.of(body)), GroupKind.FUNCTION, List.of());
    }

    boolean functionParensHere() {
        if (in.peek() != '(') return false;
        int i = in.pos + 1;
        while (i < in.text.length() && Cursor.isBlank(in.text.charAt(i))) i++;
        return i < in.text.length() && in.text.charAt(i) == ')';
    }

    void skipFunctionParens() {
        in.pos = in.text.indexOf(')', in.pos) + 1;
    }

    /** {@code [[ ... ]]}: its operators are not shell operators; only the words (and what they run) matter. */
    Node conditional() {
        in.pos += 2;
        List<Word> found = new ArrayList<>(List.of(Word.literal("[[")));
        while (true) {
            parser.skipBlanksAndNewlines();
            if (in.atEnd()) throw in.error("unterminated [[");
            if ("]]".equals(parser.reservedWordHere())) {
                in.pos += 2;
                break;
            }
            char c = in.peek();
            if ("&|<>()!".indexOf(c) >= 0 && !words.atWord()) {
                in.pos++;
            } else if (words.atWord()) {
                found.add(words.read());
            } else {
                in.pos++;
            }
        }
        return new SimpleCommand(found, parser.redirects());
    }
}
