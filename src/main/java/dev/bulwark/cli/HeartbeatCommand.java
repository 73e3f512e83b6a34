package dev.bulwark.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.pitr.Heartbeat;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "heartbeat", mixinStandardHelpOptions = true,
        description = {"Write the time into a one-row table on production (" + Heartbeat.TABLE + ") every few seconds, until "
                + "stopped. A PITR drill to 'latest' then measures the RPO: the drill's start minus the newest heartbeat in "
                + "the restored data.",
                "Opt-in: it creates schema 'bulwark' and one table in the database."})
final class HeartbeatCommand extends BaseCommand {
    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
    String db;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "5s", description = "Interval (default: ${DEFAULT-VALUE}).")
    String every;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N beats (default: run until stopped).")
    Long count;

    @Override
    protected ExitCode run() {
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(db);
        Duration interval = RestoreCommand.duration("--every", every);
        PgUrl url = Connections.withSecret(PgUrl.parse(target.config().url()), target.config().passwordFile(), env());
        err().println("heartbeat into " + Heartbeat.TABLE + " of " + url.redacted() + " every " + DurationText.format(interval)
                + (count == null ? " until stopped" : ", " + count + " times"));
        err().flush();
        AtomicLong left = new AtomicLong(count == null ? Long.MAX_VALUE : count);
        long beats = Heartbeat.run(url, interval, () -> left.getAndDecrement() > 0);
        out().println(beats + " heartbeats written");
        return ExitCode.OK;
    }
}
