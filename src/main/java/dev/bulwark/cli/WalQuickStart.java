package dev.bulwark.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.ConfigLoader;
import dev.bulwark.pitr.WalArchive;
import dev.bulwark.repository.Json;

/**
 * wal-push and wal-fetch without picocli. PostgreSQL starts one archive_command or restore_command
 * process per WAL file, and building the command model of every subcommand costs more than the
 * work itself. A well-formed invocation runs here; anything else (help, a mistake, an option this
 * parser does not know) goes through picocli, so usage errors read the same either way. The work
 * itself is shared with {@link WalPushCommand} and {@link WalFetchCommand}.
 */
final class WalQuickStart {
    /** PostgreSQL aborts recovery when restore_command exits above 125; lower codes read as "not in the archive". */
    static final int ABORT_RECOVERY = 126;

    private WalQuickStart() {}

    /** A parsed wal-push or wal-fetch command line. */
    record Invocation(String command, Path config, boolean json, String db, Path archive, boolean includePartial,
                      List<String> arguments) {
        boolean isPush() {
            return command.equals("wal-push");
        }
    }

    /** The invocation when {@code args} are a plain wal-push or wal-fetch; empty for anything picocli should handle. */
    static Optional<Invocation> parse(String... args) {
        String command = null;
        Path config = null;
        boolean json = false;
        String db = null;
        Path archive = null;
        boolean includePartial = false;
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = !name.equals(arg);
            String value = inline ? arg.substring(name.length() + 1) : i + 1 < args.length ? args[i + 1] : null;
            boolean takesValue = name.equals("--config") || name.equals("--db") || name.equals("--archive");
            if (takesValue && (value == null || value.isEmpty() || value.startsWith("-"))) return Optional.empty();
            if (takesValue && !inline) i++;
            switch (name) {
                case "--config" -> {
                    if (config != null) return Optional.empty();
                    config = Path.of(value);
                }
                case "--json" -> {
                    if (json || inline) return Optional.empty();
                    json = true;
                }
                case "--db", "--archive" -> {
                    if (command == null || (name.equals("--db") ? db != null : archive != null)) return Optional.empty();
                    if (name.equals("--db")) db = value;
                    else archive = Path.of(value);
                }
                case "--include-partial" -> {
                    if (!"wal-fetch".equals(command) || includePartial || inline) return Optional.empty();
                    includePartial = true;
                }
                default -> {
                    // Other options (help, version, mistakes), argument files (@file) and "--" are picocli's to handle.
                    if (arg.startsWith("-") || arg.startsWith("@")) return Optional.empty();
                    if (command == null) {
                        if (!arg.equals("wal-push") && !arg.equals("wal-fetch")) return Optional.empty();
                        command = arg;
                    } else {
                        arguments.add(arg);
                    }
                }
            }
        }
        if (command == null || arguments.size() != (command.equals("wal-push") ? 1 : 2)) return Optional.empty();
        return Optional.of(new Invocation(command, config, json, db, archive, includePartial, List.copyOf(arguments)));
    }

    /** Runs a parsed invocation with the exit codes and messages the picocli commands give. */
    static int run(Invocation inv, PrintWriter out, PrintWriter err, Map<String, String> env) {
        Supplier<WalArchive> archive = () -> archive(inv.archive(), inv.db(), () -> loadConfig(inv.config(), env));
        if (!inv.isPush()) {
            return fetch(() -> fetch(archive.get(), inv.arguments().get(0), Path.of(inv.arguments().get(1)), inv.includePartial()), err);
        }
        try {
            return push(archive.get(), Path.of(inv.arguments().get(0)), inv.json(), out).status();
        } catch (Exception e) {
            err.println("bulwark: " + Main.message(e));
            return Main.exitCodeOf(e);
        }
    }

    private static BulwarkConfig loadConfig(Path explicit, Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader(env);
        return loader.load(loader.locate(explicit));
    }

    /** The archive named by --archive, else the configured database's. */
    static WalArchive archive(Path archiveDir, String db, Supplier<BulwarkConfig> config) {
        if (archiveDir != null) return new WalArchive(archiveDir);
        BulwarkConfig c = config.get();
        return WalArchive.of(Path.of(c.requireRepository().path()), c.database(db).name());
    }

    static ExitCode push(WalArchive archive, Path file, boolean json, PrintWriter out) throws Exception {
        WalArchive.Pushed pushed = archive.push(file);
        if (json) {
            out.println(Json.mapper().writeValueAsString(pushed));
            out.flush();
        }
        return ExitCode.OK;
    }

    static ExitCode fetch(WalArchive archive, String name, Path destination, boolean includePartial) throws Exception {
        WalArchive.FetchOutcome outcome = archive.fetch(name, destination, includePartial);
        return outcome == WalArchive.FetchOutcome.NOT_ARCHIVED ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }

    /**
     * restore_command's exit codes: 0 restored, 1 (silently) not archived, and for everything else
     * 126, so that PostgreSQL stops recovery instead of taking a failure for the end of the WAL.
     */
    static int fetch(Callable<ExitCode> fetch, PrintWriter err) {
        try {
            return fetch.call().status();
        } catch (Exception e) {
            err.println("bulwark wal-fetch: " + (e instanceof BulwarkException || e instanceof java.io.IOException ? e.getMessage()
                    : Main.message(e)) + " (stopping recovery: a missing or damaged file must not be taken for the end of the WAL)");
            err.flush();
            return ABORT_RECOVERY;
        }
    }
}
