package dev.bulwark.gate.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.bulwark.BulwarkException;
import dev.bulwark.gate.approval.SqliteFiles;

/**
 * Every statement an agent sends and what became of it, in an append-only, hash-chained table of
 * the approvals store's SQLite file. Each entry's hash covers all its fields and the previous
 * entry's hash, so editing, deleting or reordering entries breaks the chain. The writer also keeps
 * the newest sequence number and hash in {@code audit_head}, updated in the same transaction as
 * each append: that is what reveals a truncated tail, since a chain cut short is otherwise still a
 * valid chain. Whoever can write the file can of course rewrite the whole chain and the head (there
 * is no secret key); {@link #head()} copied elsewhere and checked with {@link #verify(AuditHead)}
 * catches that too. Triggers refuse UPDATE and DELETE so that mistakes fail loudly.
 */
public final class AuditLog implements AutoCloseable {
    static final int SCHEMA_VERSION = 1;
    static final String GENESIS = "0".repeat(64);

    private final Path file;
    private final Connection connection;
    private final Clock clock;

    private AuditLog(Path file, Connection connection, Clock clock) {
        this.file = file;
        this.connection = connection;
        this.clock = clock;
    }

    public static AuditLog open(Path file) {
        return open(file, Clock.systemUTC());
    }

    public static AuditLog open(Path file, Clock clock) {
        // NORMAL sync: a power cut may lose the last entries together with their head update, which
        // reads as a shorter but consistent log; FULL would cost an fsync per statement an agent sends.
        AuditLog log = new AuditLog(file, SqliteFiles.open(file, false), clock);
        log.write(() -> {
            SqliteFiles.ensureSchema(log.connection, "audit", SCHEMA_VERSION,
                    "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, agent TEXT, database TEXT,"
                            + " client TEXT, sql TEXT, decision TEXT NOT NULL, request_id TEXT, prev_hash TEXT NOT NULL,"
                            + " hash TEXT NOT NULL)",
                    "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)",
                    "INSERT INTO audit_head VALUES (1, 0, '" + GENESIS + "')",
                    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
                    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
                    "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq <= OLD.seq"
                            + " BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END",
                    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
                            + " BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END");
            return null;
        });
        return log;
    }

    public synchronized AuditEntry append(AuditEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    /** Appends several events in one transaction: one disk sync for a whole pipeline of statements. */
    public synchronized List<AuditEntry> appendAll(List<AuditEvent> events) {
        return write(() -> {
            AuditHead head = readHead();
            long seq = head.seq();
            String prev = head.hash();
            String at = SqliteFiles.text(clock.instant());
            List<AuditEntry> written = new ArrayList<>(events.size());
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEvent e : events) {
                    seq++;
                    String decision = e.decision().name();
                    String hash = hash(seq, at, e.agent(), e.database(), e.client(), e.sql(), decision, e.requestId(), prev);
                    AuditEntry entry = new AuditEntry(seq, at, e.agent(), e.database(), e.client(), e.sql(), decision,
                            e.requestId(), prev, hash);
                    Object[] values = {entry.seq(), at, e.agent(), e.database(), e.client(), e.sql(), decision,
                            e.requestId(), prev, hash};
                    for (int i = 0; i < values.length; i++) {
                        ps.setObject(i + 1, values[i]);
                    }
                    ps.executeUpdate();
                    written.add(entry);
                    prev = hash;
                }
            }
            if (!written.isEmpty()) {
                try (PreparedStatement ps = connection.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                    ps.setLong(1, seq);
                    ps.setString(2, prev);
                    ps.executeUpdate();
                }
            }
            return written;
        });
    }

    /** Up to {@code limit} entries from {@code fromSeq} on, oldest first. */
    public synchronized List<AuditEntry> entries(long fromSeq, int limit) {
        return read(() -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, fromSeq);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        });
    }

    public synchronized AuditHead head() {
        return read(this::readHead);
    }

    /** Walks the whole chain and compares its end with the recorded head. */
    public synchronized AuditVerification verify() {
        return read(this::check);
    }

    /** As {@link #verify()}, and also that the entry {@code anchor} names still has the hash recorded then. */
    public synchronized AuditVerification verify(AuditHead anchor) {
        return read(() -> {
            AuditVerification chain = check();
            if (!chain.ok() || anchor.seq() == 0) {
                return chain;
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT hash FROM audit WHERE seq = ?")) {
                ps.setLong(1, anchor.seq());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return AuditVerification.bad(chain.entries(), anchor.seq(), "entry " + anchor.seq()
                                + " recorded outside the store is gone: the log was truncated and rewritten");
                    }
                    if (!rs.getString(1).equals(anchor.hash())) {
                        return AuditVerification.bad(chain.entries(), anchor.seq(), "entry " + anchor.seq()
                                + " no longer has the hash recorded outside the store: the chain was rewritten");
                    }
                }
            }
            return chain;
        });
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw BulwarkException.environment("closing the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    private AuditVerification check() throws SQLException {
        long expected = 1;
        String prev = GENESIS;
        long count = 0;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM audit ORDER BY seq")) {
            while (rs.next()) {
                AuditEntry e = entry(rs);
                count++;
                if (e.seq() != expected) {
                    return AuditVerification.bad(count, expected, "entry " + expected + " is missing (the next entry is "
                            + e.seq() + "): entries were deleted");
                }
                if (!prev.equals(e.prevHash())) {
                    return AuditVerification.bad(count, e.seq(), "entry " + e.seq() + " does not follow entry " + (e.seq() - 1)
                            + ": an entry was deleted, replaced or moved");
                }
                String actual = hash(e.seq(), e.at(), e.agent(), e.database(), e.client(), e.sql(), e.decision(),
                        e.requestId(), e.prevHash());
                if (!actual.equals(e.hash())) {
                    return AuditVerification.bad(count, e.seq(), "entry " + e.seq() + " was edited: its fields do not"
                            + " match its hash");
                }
                prev = e.hash();
                expected++;
            }
        }
        long last = expected - 1;
        AuditHead head;
        try {
            head = readHead();
        } catch (IllegalStateException missing) {
            return AuditVerification.bad(count, last, "the audit head row is missing, so truncation cannot be ruled out");
        }
        if (head.seq() > last) {
            return AuditVerification.bad(count, last + 1, "the log ends at entry " + last + " but the head records entry "
                    + head.seq() + ": the newest entries were deleted");
        }
        if (head.seq() < last) {
            return AuditVerification.bad(count, head.seq() + 1, "entries after " + head.seq()
                    + " were added without moving the head: they were not written by Bulwark");
        }
        if (!head.hash().equals(prev)) {
            return AuditVerification.bad(count, last, "entry " + last + " does not have the hash the head records:"
                    + " the newest entries were replaced");
        }
        return AuditVerification.good(count);
    }

    private AuditHead readHead() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("no audit head");
            }
            return new AuditHead(rs.getLong(1), rs.getString(2));
        }
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), rs.getString("at"), rs.getString("agent"), rs.getString("database"),
                rs.getString("client"), rs.getString("sql"), rs.getString("decision"), rs.getString("request_id"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }

    /**
     * SHA-256 over an unambiguous encoding: each field as a presence byte, then a 4-byte length and
     * its UTF-8 bytes, so no two different entries (null vs empty, or text moved between fields)
     * encode the same. The sequence number is included so an entry cannot move position.
     */
    static String hash(long seq, String... fields) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ByteBuffer.allocate(8).putLong(seq).array());
            for (String field : fields) {
                if (field == null) {
                    digest.update((byte) 0);
                } else {
                    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                    digest.update((byte) 1);
                    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                    digest.update(bytes);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private <T> T write(SqliteFiles.SqlWork<T> work) {
        return SqliteFiles.inWriteTransaction(connection, "audit log " + file, work);
    }

    private <T> T read(SqliteFiles.SqlWork<T> work) {
        return SqliteFiles.inReadTransaction(connection, "audit log " + file, work);
    }
}
