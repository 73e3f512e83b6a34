package dev.bulwark.gate.sql;

/** The classifier's verdict on one statement, with a reason a person can read. */
public sealed interface Classification {
    String reason();

    default boolean isRead() {
        return this instanceof Read;
    }

    /** Provably only reads: may run on the agent's read-only connection. */
    record Read(String reason) implements Classification {
    }

    /** A write, or something that could not be proven to be a read: held for human approval. */
    record Write(String reason) implements Classification {
    }
}
