package dev.bulwark.access.readonly;

/**
 * A password held in memory. Its {@code toString} hides the value so that it cannot reach a log,
 * an exception message or a JSON dump by accident; only {@link #reveal()} gives it out.
 */
public record Secret(String value) {
    public Secret {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException("a secret cannot be empty");
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "********";
    }
}
