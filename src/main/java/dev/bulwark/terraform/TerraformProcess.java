package dev.bulwark.terraform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.bulwark.BulwarkException;

/**
 * Runs terraform to completion, handing every line it prints to a listener as it comes (an apply
 * can take an hour; the person waiting should see it move) and keeping the last lines of each
 * stream. The environment is exactly the one given.
 */
final class TerraformProcess {
    /** Enough for any plan's or apply's error; the listener sees everything. */
    static final int KEEP_LINES = 2000;

    private TerraformProcess() {}

    static TerraformRun run(List<String> command, Path workDir, Map<String, String> env, Duration timeout,
                            Consumer<String> listener, int keepLines) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close(); // -input=false as well: never wait for an answer
        } catch (IOException e) {
            throw BulwarkException.environment("cannot start " + command.get(0) + " in " + workDir + ": " + e.getMessage(), e);
        }
        Consumer<String> shared = line -> {
            synchronized (listener) {
                listener.accept(line);
            }
        };
        Lines out = new Lines(p.getInputStream(), keepLines, shared);
        Lines err = new Lines(p.getErrorStream(), keepLines, shared);
        Thread outThread = Thread.ofVirtual().start(out);
        Thread errThread = Thread.ofVirtual().start(err);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy(); // SIGTERM: terraform stops gracefully and releases its state lock
                if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
                throw BulwarkException.environment(String.join(" ", command.subList(0, Math.min(2, command.size())))
                        + " did not finish within " + timeout.toMinutes() + " minutes and was stopped");
            }
            outThread.join();
            errThread.join();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw BulwarkException.environment(command.get(0) + " was interrupted", e);
        }
        return new TerraformRun(command, p.exitValue(), out.lines(), err.lines());
    }

    /** Drains one stream so terraform never blocks on a full pipe. */
    private static final class Lines implements Runnable {
        private final InputStream in;
        private final int keep;
        private final Consumer<String> listener;
        private final Deque<String> tail = new ArrayDeque<>();

        Lines(InputStream in, int keep, Consumer<String> listener) {
            this.in = in;
            this.keep = keep;
            this.listener = listener;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    listener.accept(line);
                    tail.addLast(line);
                    if (tail.size() > keep) tail.removeFirst();
                }
            } catch (IOException ignored) {
                // terraform went away; what was read is what there is
            }
        }

        /** Safe once the reading thread was joined. */
        List<String> lines() {
            return List.copyOf(tail);
        }
    }
}
