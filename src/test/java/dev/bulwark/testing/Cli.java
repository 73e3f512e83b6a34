package dev.bulwark.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built jar as a separate process, the way users and CI run it. */
public final class Cli {
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private Cli() {}

    public static Path jar() {
        String configured = System.getProperty("bulwark.jar");
        Path jar = Path.of(configured != null ? configured : "target/bulwark.jar");
        if (!Files.exists(jar)) throw new IllegalStateException("build the jar first (mvn package): " + jar);
        return jar;
    }

    public static ProcessBuilder builder(Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(extraEnv);
        return pb;
    }

    public static Result run(Map<String, String> extraEnv, String... args) {
        try {
            Path out = File.createTempFile("bulwark-out", ".txt").toPath();
            Path err = File.createTempFile("bulwark-err", ".txt").toPath();
            try {
                Process p = builder(extraEnv, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("bulwark " + String.join(" ", args) + " did not finish in 5 minutes");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Result run(String... args) {
        return run(new HashMap<>(), args);
    }
}
