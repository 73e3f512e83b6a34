package dev.bulwark.hooks;

/** The hook input is not the event the agent's documentation describes. */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
