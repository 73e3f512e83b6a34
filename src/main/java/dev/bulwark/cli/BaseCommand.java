package dev.bulwark.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.ConfigLoader;
import dev.bulwark.config.StoreLocation;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: global options, config, environment, output streams. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    /** The process environment; tests of the CLI run it in-process with their own. */
    static Map<String, String> environment = System.getenv();

    protected abstract ExitCode run() throws Exception;

    @Override
    public Integer call() throws Exception {
        return run().status();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Map<String, String> env() {
        return environment;
    }

    Clock clock() {
        return Clock.systemUTC();
    }

    /** --json given here or on any enclosing command. */
    boolean json() {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.userObject() instanceof BaseCommand b && b.global.json) return true;
            if (s.userObject() instanceof BulwarkCommand root && root.global.json) return true;
        }
        return false;
    }

    Path configPath() {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.userObject() instanceof BaseCommand b && b.global.config != null) return b.global.config;
            if (s.userObject() instanceof BulwarkCommand root && root.global.config != null) return root.global.config;
        }
        return null;
    }

    BulwarkConfig config() {
        ConfigLoader loader = new ConfigLoader(env());
        return loader.load(loader.locate(configPath()));
    }

    /**
     * The approvals and audit store: gate.store (a file, or a postgresql:// control database whose
     * password comes from the URL or PGPASSWORD like every other URL), else bulwark-approvals.db
     * next to the config file.
     */
    StoreLocation approvalsStore(BulwarkConfig config) {
        return switch (config.gate() == null ? null : config.gate().store()) {
            case null -> new StoreLocation.SqliteFile(
                    new ConfigLoader(env()).locate(configPath()).toAbsolutePath().resolveSibling("bulwark-approvals.db"));
            case StoreLocation.SqliteFile file -> file;
            case StoreLocation.ControlDatabase db -> new StoreLocation.ControlDatabase(Connections.withSecret(db.url(), null, env()));
        };
    }

    ApprovalStore approvals(BulwarkConfig config) {
        return ApprovalStore.open(approvalsStore(config));
    }

    AuditLog auditLog(BulwarkConfig config) {
        return AuditLog.open(approvalsStore(config));
    }

    PgBinaries binaries() {
        return PgBinaries.fromEnvironment(env());
    }

    BackupRepository repository(BulwarkConfig config) {
        return new BackupRepository(Path.of(config.requireRepository().path()));
    }

    void printJson(Object value) throws JsonProcessingException {
        out().println(Json.mapper().writeValueAsString(value));
        out().flush();
    }
}
