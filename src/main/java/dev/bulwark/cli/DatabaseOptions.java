package dev.bulwark.cli;

import dev.bulwark.BulwarkException;
import picocli.CommandLine.Option;

/** --db and --jobs, shared by the commands that work on one database. */
final class DatabaseOptions {
    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
    String db;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel jobs (default: ${DEFAULT-VALUE}).")
    int jobs = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    int jobs() {
        if (jobs < 1) throw BulwarkException.usage("--jobs must be at least 1, not " + jobs);
        return jobs;
    }
}
