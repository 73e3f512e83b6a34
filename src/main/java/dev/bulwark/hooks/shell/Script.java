package dev.bulwark.hooks.shell;

import java.util.List;

/**
 * A parsed command line: its commands in the order the shell meets them. {@code ;}, {@code &&},
 * {@code ||}, {@code &} and newlines all just separate them here, because a command that may run is
 * judged as if it will.
 */
public record Script(List<Node> nodes) {
    public Script {
        nodes = List.copyOf(nodes);
    }

    /** One piece of a script: a simple command, a pipeline, or a group of commands. */
    public sealed interface Node permits SimpleCommand, Pipeline, Group {
    }

    /** Words and redirections of one command; leading {@code NAME=value} words are still among the words. */
    public record SimpleCommand(List<Word> words, List<Redirect> redirects) implements Node {
        public SimpleCommand {
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /** {@code a | b | c}: each stage reads what the one before it writes. */
    public record Pipeline(List<Node> stages) implements Node {
        public Pipeline {
            stages = List.copyOf(stages);
        }
    }

    /** {@code ( ... )}, {@code { ...; }}, a compound command (if, while, for, case) or a function body. */
    public record Group(Script body, GroupKind kind, List<Redirect> redirects) implements Node {
        public Group {
            redirects = List.copyOf(redirects);
        }
    }

    public enum GroupKind {
        /** Runs in a child shell: a {@code cd} inside does not move the commands after it. */
        SUBSHELL,
        BRACE,
        COMPOUND,
        /** A function definition: its body is judged because it may be called. */
        FUNCTION
    }
}
