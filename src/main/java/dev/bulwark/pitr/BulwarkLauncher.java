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
 * the server starts one process per WAL file: the serial collector, and the
 * class-data-sharing archive that {@code ./bulwark} builds next to the jar, when it was built for
 * this jar and this JDK.
 */
public record BulwarkLauncher(List<String> command) {
    /** The same choice as ./bulwark's for wal-push and wal-fetch: no C1-only mode, which makes each segment's SHA-256 slower. */
    static final List<String> QUICK_START = List.of("-XX:+UseSerialGC");

    public static BulwarkLauncher current() {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jar = jar();
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString()));
        cmd.addAll(QUICK_START);
        cmd.addAll(sharedClasses(jar, javaHome));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return new BulwarkLauncher(List.copyOf(cmd));
    }

    /**
     * Options for {@code bulwark.jsa} next to the jar (written by ./bulwark with the JDK's home in
     * {@code bulwark.jsa.jdk}) when it is newer than the jar and made by this JDK; nothing otherwise.
     * The JVM ignores an archive it cannot use; its messages about that are turned off because they
     * would go to stdout.
     */
    static List<String> sharedClasses(Path jar, Path javaHome) {
        Path archive = jar.resolveSibling("bulwark.jsa");
        try {
            boolean current = Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0
                    && Files.readString(jar.resolveSibling("bulwark.jsa.jdk")).strip().equals(javaHome.toString());
            return current ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off") : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
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
