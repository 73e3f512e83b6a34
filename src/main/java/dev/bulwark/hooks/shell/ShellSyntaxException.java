package dev.bulwark.hooks.shell;

/** The command line is not something a POSIX shell would run (an unterminated quote, a stray parenthesis). */
public final class ShellSyntaxException extends RuntimeException {
    public ShellSyntaxException(String message, int offset) {
        super(message + " at character " + (offset + 1));
    }
}
