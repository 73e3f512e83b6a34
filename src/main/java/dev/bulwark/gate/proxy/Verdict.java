package dev.bulwark.gate.proxy;

/** What the gate does with what an agent sent: forward it, or hold it for a human. */
public sealed interface Verdict {
    record Forward() implements Verdict {}

    /** Not provably a read: nothing of it runs; {@code reason} says why. */
    record Hold(String sql, String reason) implements Verdict {}

    /** Refused outright (FunctionCall, COPY FROM data): no request is made. */
    record Refuse(String reason) implements Verdict {}
}
