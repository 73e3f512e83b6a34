package dev.bulwark.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;

/**
 * Finds PostgreSQL programs by major version. Looks in BULWARK_PG_BIN (a path list) first, then
 * every {@code /usr/lib/postgresql/N/bin}, then PATH. A tool older than what it must work with is
 * never chosen: pg_dump must be at least the source server's major, pg_restore at least the
 * dump's, a sandbox server at least the source's.
 */
public final class PgBinaries {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

    private final List<Path> searchDirs;
    private final Map<Path, Optional<Tool>> probed = new ConcurrentHashMap<>();

    /** A program with the version it reported. */
    public record Tool(String name, Path path, int major, String version) {
        public Path dir() {
            return path.getParent();
        }
    }

    public PgBinaries(List<Path> searchDirs) {
        this.searchDirs = List.copyOf(searchDirs);
    }

    public static PgBinaries fromEnvironment(Map<String, String> env) {
        Set<Path> dirs = new LinkedHashSet<>();
        String explicit = env.get("BULWARK_PG_BIN");
        if (explicit != null) {
            Stream.of(explicit.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).forEach(dirs::add);
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                versions.map(v -> v.resolve("bin")).filter(Files::isDirectory)
                        .sorted(Comparator.comparing(PgBinaries::numericName).reversed())
                        .forEach(dirs::add);
            } catch (IOException ignored) {
                // unreadable: PATH may still have them
            }
        }
        String path = env.getOrDefault("PATH", "");
        Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).forEach(dirs::add);
        return new PgBinaries(new ArrayList<>(dirs));
    }

    private static int numericName(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every copy of the tool that answers --version, in search order. */
    public List<Tool> all(String name) {
        List<Tool> found = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dir : searchDirs) {
            Path candidate = dir.resolve(name);
            if (!Files.isExecutable(candidate)) continue;
            Path real;
            try {
                real = candidate.toRealPath();
            } catch (IOException e) {
                continue;
            }
            if (!seen.add(real)) continue;
            probed.computeIfAbsent(real, r -> probe(name, candidate)).ifPresent(found::add);
        }
        return found;
    }

    /**
     * The tool of the lowest major version that is at least {@code minMajor}, so that a dump is
     * made and restored by the version closest to the server's.
     */
    public Tool require(String name, int minMajor, String why) {
        List<Tool> all = all(name);
        return all.stream().filter(t -> t.major() >= minMajor)
                .min(Comparator.comparingInt(Tool::major))
                .orElseThrow(() -> missing(name, minMajor, why, all));
    }

    /** initdb, pg_ctl and postgres from one directory, of a major version of at least minMajor. */
    public Tool requireServer(int minMajor, String why) {
        List<Tool> initdbs = all("initdb").stream().filter(t -> t.major() >= minMajor)
                .filter(t -> Files.isExecutable(t.dir().resolve("pg_ctl")) && Files.isExecutable(t.dir().resolve("postgres")))
                .sorted(Comparator.comparingInt(Tool::major)).toList();
        if (initdbs.isEmpty()) {
            throw missing("initdb", minMajor, why, all("initdb"));
        }
        return initdbs.get(0);
    }

    private BulwarkException missing(String name, int minMajor, String why, List<Tool> found) {
        String have = found.isEmpty() ? "none found" : "found only " + found.stream()
                .map(t -> t.name() + " " + t.version() + " (" + t.dir() + ")").toList();
        String pkg = name.equals("initdb") ? "postgresql-" + minMajor : "postgresql-client-" + minMajor;
        return BulwarkException.environment(name + " " + minMajor + " or newer is needed " + why + "; " + have
                + ". Install it (Debian/Ubuntu: apt-get install " + pkg + ") or point BULWARK_PG_BIN at its bin directory");
    }

    private static Optional<Tool> probe(String name, Path path) {
        try {
            ProcessRunner.Result r = ProcessRunner.run(List.of(path.toString(), "--version"), Map.of(), null, Duration.ofSeconds(20));
            String out = String.join("\n", r.stdout());
            Matcher m = VERSION.matcher(out);
            if (!r.ok() || !m.find()) return Optional.empty();
            String version = m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
            return Optional.of(new Tool(name, path, Integer.parseInt(m.group(1)), version));
        } catch (BulwarkException e) {
            return Optional.empty();
        }
    }
}
