package dev.bulwark.postgres;

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
 * Runs an external program (pg_dump, pg_restore, initdb…) to completion, keeping the tail of its
 * output for error messages. Secrets go in through the environment, never the argument list.
 */
public final class ProcessRunner {
    private static final int TAIL_LINES = 400;

    private ProcessRunner() {}

    public record Result(int exitCode, List<String> stdout, List<String> stderr, Duration elapsed) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of stderr (or stdout if stderr is empty), for quoting in an error. */
        public String tail(int lines) {
            List<String> src = stderr.isEmpty() ? stdout : stderr;
            return String.join("\n", src.subList(Math.max(0, src.size() - lines), src.size()));
        }
    }

    public static Result run(List<String> command, Map<String, String> env, Path workDir, Duration timeout) {
        return run(command, env, workDir, timeout, TAIL_LINES);
    }

    /** As {@link #run}, keeping up to {@code keepLines} of each stream (e.g. all of a listing). */
    public static Result run(List<String> command, Map<String, String> env, Path workDir, Duration timeout, int keepLines) {
        return run(command, env, workDir, timeout, keepLines, p -> { });
    }

    /** As {@link #run}, handing the started process to {@code started} (e.g. so a shutdown hook can stop it). */
    public static Result run(List<String> command, Map<String, String> env, Path workDir, Duration timeout, int keepLines,
                             Consumer<Process> started) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (workDir != null) pb.directory(workDir.toFile());
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
            started.accept(p);
            p.getOutputStream().close();
        } catch (IOException e) {
            throw BulwarkException.environment("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        TailReader out = new TailReader(p.getInputStream(), keepLines);
        TailReader err = new TailReader(p.getErrorStream(), keepLines);
        Thread outThread = Thread.ofVirtual().start(out);
        Thread errThread = Thread.ofVirtual().start(err);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw BulwarkException.environment(Path.of(command.get(0)).getFileName() + " did not finish within "
                        + timeout.toSeconds() + "s and was stopped");
            }
            outThread.join();
            errThread.join();
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw BulwarkException.environment(command.get(0) + " was interrupted", e);
        }
        return new Result(p.exitValue(), out.lines(), err.lines(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Stops a process and everything it started. */
    public static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drains a stream so the child never blocks on a full pipe, keeping only its last lines. */
    private static final class TailReader implements Runnable {
        private final InputStream in;
        private final Deque<String> tail = new ArrayDeque<>();
        private final int keep;

        TailReader(InputStream in, int keep) {
            this.in = in;
            this.keep = keep;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    tail.addLast(line);
                    if (tail.size() > keep) tail.removeFirst();
                }
            } catch (IOException ignored) {
                // the process went away; what was read so far is what we can quote
            }
        }

        /** Safe to call after the reading thread was joined. */
        List<String> lines() {
            return List.copyOf(tail);
        }
    }
}
