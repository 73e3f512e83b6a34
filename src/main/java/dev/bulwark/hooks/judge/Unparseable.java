package dev.bulwark.hooks.judge;

import java.util.Locale;
import java.util.Set;

import dev.bulwark.hooks.shell.ShellSyntaxException;

/**
 * A command line no shell would run as written (an unbalanced quote, a stray parenthesis). The shell
 * would reject it too, but Bulwark cannot be sure what was meant: when it mentions a program Bulwark
 * guards or destructive SQL, it is refused; otherwise it passes, and the shell reports the error.
 */
final class Unparseable {
    private static final Set<String> SQL_WORDS = Set.of("drop", "truncate", "delete");

    private Unparseable() {
    }

    static Verdict verdict(String text, ShellSyntaxException e) {
        String mention = dangerousMention(text);
        if (mention == null) return Verdict.allow("a shell could not parse it either (" + e.getMessage() + ")");
        return Verdict.deny("Bulwark cannot parse this command (" + e.getMessage() + ") and it mentions " + mention
                + "; write it so that a shell can parse it (balanced quotes and parentheses)");
    }

    private static String dangerousMention(String text) {
        for (String word : text.split("[^A-Za-z0-9_./-]+")) {
            String base = word.substring(word.lastIndexOf('/') + 1);
            if (Rules.suspicious(base)) return base;
            if (SQL_WORDS.contains(base.toLowerCase(Locale.ROOT))) return base.toUpperCase(Locale.ROOT);
        }
        return null;
    }
}
