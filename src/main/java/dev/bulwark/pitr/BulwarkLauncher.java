package dev.bulwark.pitr;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.ProcessRunner;

/**
 * How to start this very Bulwark again from a PostgreSQL server (restore_command): the running
 * JVM's java, and the jar it was started from (or the {@code bulwark.jar} system property, for
 * test runners that load classes from a directory). JVM options favour start-up time, because
 * the server starts one process per WAL file.
 */
public record BulwarkLauncher(List<String> command) {
    static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    public static BulwarkLauncher current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(QUICK_START);
        cmd.add("-jar");
        cmd.add(jar().toString());
        return new BulwarkLauncher(List.copyOf(cmd));
    }

    private static Path jar() {
        String configured = System.getProperty("bulwark.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) return Path.of(configured).toAbsolutePath();
        try {
            Path location = Path.of(BulwarkLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) return location.toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the error below
        }
        throw BulwarkException.environment("cannot tell which jar this Bulwark runs from, which the restored server needs for "
                + "its restore_command; run Bulwark with 'java -jar bulwark.jar' (./bulwark does) or set -Dbulwark.jar=PATH");
    }

    /** The command as one shell line, every word quoted, followed by {@code rest} as it is. */
    public String shellLine(String rest) {
        return command.stream().map(BulwarkLauncher::shellQuote).collect(Collectors.joining(" ")) + " " + rest;
    }

    public static String shellQuote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /**
     * Fails early with a clear reason when the server's OS user cannot run Bulwark (an unreadable
     * jar or JDK), instead of letting recovery end at the first WAL file it cannot fetch.
     */
    public void checkRunnableBy(OsUser user) {
        List<String> version = new ArrayList<>(command);
        version.add("--version");
        ProcessRunner.Result r = ProcessRunner.run(user.wrap(version), java.util.Map.of(), null, Duration.ofSeconds(60));
        if (!r.ok()) {
            throw BulwarkException.environment("OS user '" + user.name() + "', which runs the restored server, cannot start Bulwark ("
                    + String.join(" ", command) + "): " + r.tail(5) + "; the JDK and the jar must be readable by that user (every "
                    + "parent directory needs o+x)");
        }
    }
}
