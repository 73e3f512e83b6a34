package dev.bulwark.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.pitr.StreamEvent;
import dev.bulwark.pitr.WalArchive;
import dev.bulwark.pitr.WalStreamer;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.repository.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "wal-stream", mixinStandardHelpOptions = true,
        description = {"Receive the database server's WAL continuously over physical replication into the WAL archive, like "
                + "pg_receivewal: the archive is behind by about a second instead of a segment. Runs until stopped (SIGTERM, "
                + "Ctrl-C), then writes out what it received.",
                "The segment being received is <repo>/<db>/wal/.partial/<segment>.partial; each finished segment is published "
                        + "like wal-push publishes it, so archive_command may keep running next to it. The role needs REPLICATION."})
final class WalStreamCommand extends BaseCommand {
    /** How long a stop request waits for the received WAL to be written out. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
    String db;

    @Option(names = "--slot", paramLabel = "NAME", description = "A physical replication slot: the server keeps WAL until the "
            + "archive has it, also while wal-stream is down (watch the server's disk).")
    String slot;

    @Option(names = "--create-slot", description = "Create the --slot if it does not exist.")
    boolean createSlot;

    @Override
    protected ExitCode run() throws Exception {
        if (createSlot && slot == null) throw BulwarkException.usage("--create-slot needs --slot NAME");
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(db);
        PgUrl url = Connections.withSecret(PgUrl.parse(target.config().url()), target.config().passwordFile(), env());
        WalArchive archive = WalArchive.of(Path.of(config.requireRepository().path()), target.name());
        WalStreamer streamer = new WalStreamer(url, archive, WalStreamer.Options.of(slot, createSlot), this::print);

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            stop.set(true);
            try {
                stopped.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wal-stream-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            streamer.run(() -> !stop.get());
            return ExitCode.OK;
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // stopped by a signal: the hook has run
            }
        }
    }

    private void print(StreamEvent event) {
        if (json()) {
            ObjectNode line = Json.mapper().createObjectNode().put("event", eventName(event));
            line.setAll((ObjectNode) Json.mapper().valueToTree(event));
            try {
                out().println(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out().println(clock().instant() + "  " + text(event));
        }
        out().flush();
    }

    private static String eventName(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Streaming s -> "streaming";
            case StreamEvent.Published p -> "published";
            case StreamEvent.Skipped s -> "skipped";
            case StreamEvent.Interrupted i -> "interrupted";
            case StreamEvent.Stopped s -> "stopped";
        };
    }

    private static String text(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Streaming s -> "streaming WAL of " + s.server() + " (system " + s.systemIdentifier() + ", timeline "
                    + s.timeline() + (s.slot() == null ? "" : ", slot " + s.slot()) + ") from " + s.startLsn() + " (" + s.segment()
                    + ", " + s.why() + ")";
            case StreamEvent.Published p -> (p.outcome() == WalArchive.PushOutcome.ARCHIVED ? "archived "
                    : "already archived, same content: ")
                    + p.file() + " (" + p.size() + " bytes, SHA-256 " + p.sha256() + ")";
            case StreamEvent.Skipped s -> "SKIPPED from " + s.missingFrom() + ": " + s.reason();
            case StreamEvent.Interrupted i -> "connection lost: " + i.reason() + "; retrying in "
                    + DurationText.format(Duration.ofMillis(i.retryInMs()));
            case StreamEvent.Stopped s -> "stopped: WAL before " + s.durableLsn() + " is on disk in the archive"
                    + (s.partialFile() == null ? "" : ", the last " + s.partialBytes() + " bytes in " + s.partialFile())
                    + "; " + s.segmentsPublished() + " segment(s) published";
        };
    }
}
