package dev.bulwark.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * Which WAL archive wal-push and wal-fetch use: the database's archive in the configured
 * repository, or a directory named directly, which skips reading the config (quicker, and needs no
 * secrets in the server's environment).
 */
final class WalArchiveOptions {
    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
    String db;

    @Option(names = "--archive", paramLabel = "DIR",
            description = "The database's archive directory (<repo>/<db>/wal) instead of --config and --db.")
    Path archive;
}
