package dev.bulwark.hooks.judge;

/**
 * One argument as the program would receive it. {@code dynamic}: part of it comes from something that
 * cannot be known before the command runs (an unset variable, a command's output), and {@code text}
 * shows that part as written. {@code glob}: unquoted pattern characters the shell would expand.
 */
record Arg(String text, boolean dynamic, boolean glob) {
    static Arg of(String text) {
        return new Arg(text, false, false);
    }

    boolean is(String value) {
        return !dynamic && text.equals(value);
    }

    /** The known value, or null when the argument is dynamic. */
    String known() {
        return dynamic ? null : text;
    }
}
