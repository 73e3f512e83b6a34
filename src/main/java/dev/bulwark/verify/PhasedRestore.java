package dev.bulwark.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.ProcessRunner;

/**
 * Restores a dump the way pg_restore's sections are meant to be used: schema (pre-data) by
 * pg_restore, table data by Bulwark's own COPY so each data file is read once for loading and
 * fingerprinting, the remaining data (sequence values, large objects) and then indexes,
 * constraints and triggers (post-data, in parallel) by pg_restore again.
 */
final class PhasedRestore {
    private static final Duration TIMEOUT = Duration.ofHours(24);
    private static final Pattern LIST_ENTRY = Pattern.compile("^(\\d+);");

    private final PgBinaries.Tool pgRestore;
    private final Path dump;
    private final int jobs;

    /** The restore's problems and time, and the dump side of each loaded table. */
    record Outcome(List<RestoreProblem> problems, Duration elapsed, Map<Integer, DataFileScanner.Scan> scans,
                   Map<String, Long> phasesMs) {}

    PhasedRestore(PgBinaries.Tool pgRestore, Path dump, int jobs) {
        this.pgRestore = pgRestore;
        this.dump = dump;
        this.jobs = jobs;
    }

    /** Everything by pg_restore in one run: for archives Bulwark cannot list itself. */
    Outcome whole(RestoreTarget target) {
        long start = System.nanoTime();
        List<RestoreProblem> problems = new ArrayList<>(pgRestore(target, List.of("--jobs=" + jobs)));
        return new Outcome(problems, Duration.ofNanos(System.nanoTime() - start), Map.of(), Map.of());
    }

    Outcome phased(RestoreTarget target, TocReader.Archive archive, List<String> listing, String encoding) {
        long start = System.nanoTime();
        Map<String, Long> phases = new LinkedHashMap<>();
        long t = System.nanoTime();
        List<RestoreProblem> problems = new ArrayList<>(pgRestore(target, List.of("--section=pre-data")));
        t = lap(phases, "restore_schema", t);

        DataLoader loader = new DataLoader(target.url(), encoding, dump);
        List<TocEntry> ours = archive.entries().stream().filter(loader::canLoad).toList();
        Map<Integer, DataFileScanner.Scan> scans = new HashMap<>();
        for (DataLoader.Load load : loader.load(ours, jobs)) {
            scans.put(load.entry().dumpId(), load.scan());
            if (load.problem() != null) problems.add(load.problem());
        }
        t = lap(phases, "restore_table_data", t);

        Set<Integer> loaded = new HashSet<>();
        ours.forEach(e -> loaded.add(e.dumpId()));
        Path rest = listWithout(listing, loaded);
        try {
            problems.addAll(pgRestore(target, List.of("--section=data", "--use-list=" + rest)));
        } finally {
            deleteQuietly(rest);
        }
        t = lap(phases, "restore_other_data", t);
        problems.addAll(pgRestore(target, List.of("--section=post-data", "--jobs=" + jobs)));
        lap(phases, "restore_post_data", t);
        return new Outcome(problems, Duration.ofNanos(System.nanoTime() - start), scans, phases);
    }

    private static long lap(Map<String, Long> phases, String name, long since) {
        long now = System.nanoTime();
        phases.put(name, Duration.ofNanos(now - since).toMillis());
        return now;
    }

    private List<RestoreProblem> pgRestore(RestoreTarget target, List<String> options) {
        List<String> cmd = new ArrayList<>(List.of(pgRestore.path().toString(), "--dbname=" + target.url().libpqUri(),
                "--no-password"));
        cmd.addAll(options);
        cmd.addAll(target.restoreOptions());
        cmd.add(dump.toString());
        Map<String, String> env = new HashMap<>(Connections.libpqEnv(target.url()));
        env.put("PGAPPNAME", "bulwark-verify");
        ProcessRunner.Result r = ProcessRunner.run(cmd, env, null, TIMEOUT);
        List<RestoreProblem> problems = RestoreDiagnosis.diagnose(r.stderr());
        if (!r.ok() && problems.isEmpty()) {
            return List.of(RestoreDiagnosis.classify("pg_restore exited with " + r.exitCode(), r.tail(10)));
        }
        return problems;
    }

    /** pg_restore's own listing with the entries Bulwark loaded commented out, for --use-list. */
    private static Path listWithout(List<String> listing, Set<Integer> loaded) {
        List<String> lines = new ArrayList<>();
        for (String line : listing) {
            Matcher m = LIST_ENTRY.matcher(line);
            lines.add(m.find() && loaded.contains(Integer.parseInt(m.group(1))) ? ";" + line : line);
        }
        try {
            Path file = Files.createTempFile("bulwark-restore-", ".list");
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot write pg_restore's entry list to a temporary file: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray list file in the temp directory holds no data
        }
    }
}
