package dev.bulwark.hooks.judge;

/** What a command reads on its standard input: nothing, known text, or output Bulwark cannot see. */
sealed interface Input {
    Input NONE = new None();

    record None() implements Input {
    }

    record Text(String text) implements Input {
    }

    /**
     * Output of something that cannot be read in advance; {@code drops} when its source is known to
     * emit DROP statements (a dump taken with --clean), {@code decoded} when it is text decoded on the
     * way (base64 -d and the like), which is how a command is hidden from review.
     */
    record Opaque(String origin, boolean drops, boolean decoded) implements Input {
        Opaque(String origin, boolean drops) {
            this(origin, drops, false);
        }
    }
}
