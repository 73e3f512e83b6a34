package dev.bulwark.pitr;

/** What wal-stream reports while it runs; the CLI renders each as one line. */
public sealed interface StreamEvent {
    /** Receiving from {@code startLsn} ({@code segment}), {@code why} that position. */
    record Streaming(String server, String systemIdentifier, int timeline, String startLsn, String segment, String why, String slot)
            implements StreamEvent {}

    /** A finished segment, or a timeline history file, went through the archive's push. */
    record Published(String file, WalArchive.PushOutcome outcome, long size, String sha256) implements StreamEvent {}

    /** The server no longer has WAL from {@code missingFrom}: the stream skips to a later start. */
    record Skipped(String missingFrom, String reason) implements StreamEvent {}

    /** The connection broke; the next attempt comes after {@code retryInMs}. */
    record Interrupted(String reason, long retryInMs) implements StreamEvent {}

    /** Stopped on request; WAL before {@code durableLsn} is on disk in the archive, the last part in {@code partialFile}. */
    record Stopped(String durableLsn, String partialFile, long partialBytes, long segmentsPublished) implements StreamEvent {}
}
