package dev.bulwark.gate.proxy;

import java.util.concurrent.ThreadFactory;

/**
 * What kind of thread carries each agent connection (two per connection: the session and the relay
 * of the server's answers). Either way the I/O is blocking and the code the same. Platform threads
 * wake straight from the socket; virtual threads go through the JDK's poller and scheduler first,
 * which on a small machine costs about as much CPU per query as the gate's own work (see
 * bench/gate_pgbench.sh): platform threads are the default, virtual threads suit gates that hold
 * thousands of mostly idle connections.
 */
public enum SessionThreads {
    PLATFORM,
    VIRTUAL;

    Thread start(String name, Runnable task) {
        return builder(name).start(task);
    }

    ThreadFactory factory(String name) {
        return builder(name).factory();
    }

    private Thread.Builder builder(String name) {
        return this == VIRTUAL ? Thread.ofVirtual().name(name) : Thread.ofPlatform().daemon().name(name);
    }

    /** For the gate.threads setting: {@code platform} or {@code virtual}. */
    public static SessionThreads parse(String text) {
        return switch (text == null ? "platform" : text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "platform" -> PLATFORM;
            case "virtual" -> VIRTUAL;
            default -> throw new IllegalArgumentException("gate.threads must be platform or virtual, not '" + text + "'");
        };
    }
}
