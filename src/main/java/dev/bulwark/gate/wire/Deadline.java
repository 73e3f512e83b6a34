package dev.bulwark.gate.wire;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A time limit on a socket's blocking reads that leaves the socket in blocking mode. SO_TIMEOUT
 * (and a timed connect) switch a JDK socket to non-blocking mode for good, after which every read
 * that finds no data costs a failed read and a poll: two extra system calls per query for the
 * whole life of the connection. Instead, when the deadline passes, the socket's input is shut
 * down, so a read waiting on it returns end-of-stream and the owner, seeing {@link #expired()},
 * knows why.
 */
public final class Deadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("gate-deadlines").factory());

    private final AtomicBoolean expired = new AtomicBoolean();
    private final ScheduledFuture<?> task;

    private Deadline(Socket socket, long millis) {
        this.task = TIMER.schedule(() -> expire(socket), millis, TimeUnit.MILLISECONDS);
    }

    /** Starts the clock on {@code socket}; {@link #close()} stops it. */
    public static Deadline after(long millis, Socket socket) {
        return new Deadline(socket, millis);
    }

    public boolean expired() {
        return expired.get();
    }

    private void expire(Socket socket) {
        expired.set(true);
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            try {
                socket.close(); // cannot half-close (already closed or not connected): end it
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Met in time: the socket is left alone. */
    @Override
    public void close() {
        task.cancel(false);
    }
}
