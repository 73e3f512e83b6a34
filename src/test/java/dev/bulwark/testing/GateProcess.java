package dev.bulwark.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** `bulwark gate` from the built jar, on a free loopback port, stopped like a service (SIGTERM). */
public final class GateProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private GateProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the gate and waits until it accepts connections; its output goes to {@code log}. */
    public static GateProcess start(Path config, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = Cli.builder(Map.of(), "--config", config.toString(), "gate", "--listen", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return new GateProcess(p, port);
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    p.destroyForcibly();
                    throw new IllegalStateException("gate did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
