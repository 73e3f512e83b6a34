package dev.bulwark.gate.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.bulwark.config.StoreLocation;
import dev.bulwark.gate.approval.StoreDatabase;

/**
 * Every statement an agent sends and what became of it, in an append-only, hash-chained table of
 * the approvals store (a SQLite file or a PostgreSQL control database). Each entry's hash covers
 * all its fields and the previous entry's hash, so editing, deleting or reordering entries breaks
 * the chain. The writer also keeps the newest sequence number and hash in {@code audit_head},
 * updated in the same transaction as each append: that is what reveals a truncated tail, since a
 * chain cut short is otherwise still a valid chain. Whoever can write the store can of course
 * rewrite the whole chain and the head (there is no secret key); {@link #head()} copied elsewhere
 * and checked with {@link #verify(AuditHead)} catches that too. Triggers refuse UPDATE and DELETE
 * (and in PostgreSQL TRUNCATE) so that mistakes fail loudly.
 */
public final class AuditLog implements AutoCloseable {
    static final int SCHEMA_VERSION = 1;
    static final String GENESIS = "0".repeat(64);

    private static final List<String> SQLITE_TRIGGERS = List.of(
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq <= OLD.seq"
                    + " BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END",
            "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
                    + " BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END");

    /** The same rules with the same names; one function raises the message each trigger passes it. */
    private static final List<String> POSTGRESQL_TRIGGERS = List.of(
            "CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$",
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW"
                    + " EXECUTE FUNCTION audit_refuse('the audit log is append-only')",
            "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW"
                    + " EXECUTE FUNCTION audit_refuse('the audit log is append-only')",
            "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION audit_refuse('the audit log is append-only')",
            "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head FOR EACH ROW WHEN (NEW.seq <= OLD.seq)"
                    + " EXECUTE FUNCTION audit_refuse('the audit head only moves forward')",
            "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head FOR EACH ROW"
                    + " EXECUTE FUNCTION audit_refuse('the audit head cannot be deleted')",
            "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION audit_refuse('the audit head cannot be deleted')");

    private final StoreLocation location;
    private final StoreDatabase db;
    private final Clock clock;

    private AuditLog(StoreLocation location, StoreDatabase db, Clock clock) {
        this.location = location;
        this.db = db;
        this.clock = clock;
    }

    public static AuditLog open(Path file) {
        return open(file, Clock.systemUTC());
    }

    public static AuditLog open(Path file, Clock clock) {
        return open(new StoreLocation.SqliteFile(file), clock);
    }

    public static AuditLog open(StoreLocation location) {
        return open(location, Clock.systemUTC());
    }

    public static AuditLog open(StoreLocation location, Clock clock) {
        // Not durable per commit in SQLite: a power cut may lose the last entries together with their head
        // update, which reads as a shorter but consistent log; FULL would cost an fsync per batch of statements.
        StoreDatabase db = StoreDatabase.open(location, "audit", "audit log " + location, false);
        String bigint = db.dialect().bigint();
        List<String> ddl = new ArrayList<>(List.of(
                "CREATE TABLE audit (seq " + bigint + " PRIMARY KEY, at TEXT NOT NULL, agent TEXT, database TEXT,"
                        + " client TEXT, sql TEXT, decision TEXT NOT NULL, request_id TEXT, prev_hash TEXT NOT NULL,"
                        + " hash TEXT NOT NULL)",
                "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq " + bigint + " NOT NULL,"
                        + " hash TEXT NOT NULL)",
                "INSERT INTO audit_head VALUES (1, 0, '" + GENESIS + "')"));
        ddl.addAll(switch (db.dialect()) {
            case SQLITE -> SQLITE_TRIGGERS;
            case POSTGRESQL -> POSTGRESQL_TRIGGERS;
        });
        try {
            db.ensureSchema(SCHEMA_VERSION, ddl.toArray(String[]::new));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new AuditLog(location, db, clock);
    }

    public synchronized AuditEntry append(AuditEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    /**
     * Appends several events in one transaction: one commit, one prepared insert sent as a batch and
     * one digest for the whole pipeline of statements, since this runs for every statement an agent sends.
     */
    public synchronized List<AuditEntry> appendAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return db.write(() -> {
            AuditHead head = readHead();
            long seq = head.seq();
            String prev = head.hash();
            String at = StoreDatabase.text(clock.instant());
            ChainHasher hasher = new ChainHasher();
            List<AuditEntry> written = new ArrayList<>(events.size());
            try (PreparedStatement ps = connection().prepareStatement("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEvent e : events) {
                    seq++;
                    String decision = e.decision().name();
                    String hash = hasher.hash(seq, at, e.agent(), e.database(), e.client(), e.sql(), decision,
                            e.requestId(), prev);
                    ps.setLong(1, seq);
                    ps.setString(2, at);
                    ps.setString(3, e.agent());
                    ps.setString(4, e.database());
                    ps.setString(5, e.client());
                    ps.setString(6, e.sql());
                    ps.setString(7, decision);
                    ps.setString(8, e.requestId());
                    ps.setString(9, prev);
                    ps.setString(10, hash);
                    ps.addBatch();
                    written.add(new AuditEntry(seq, at, e.agent(), e.database(), e.client(), e.sql(), decision,
                            e.requestId(), prev, hash));
                    prev = hash;
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = connection().prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                ps.setLong(1, seq);
                ps.setString(2, prev);
                ps.executeUpdate();
            }
            return written;
        });
    }

    /** Up to {@code limit} entries from {@code fromSeq} on, oldest first. */
    public synchronized List<AuditEntry> entries(long fromSeq, int limit) {
        return db.read(() -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = connection().prepareStatement("SELECT * FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?")) {
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
        return db.read(this::readHead);
    }

    /** Walks the whole chain and compares its end with the recorded head. */
    public synchronized AuditVerification verify() {
        return db.read(this::check);
    }

    /** As {@link #verify()}, and also that the entry {@code anchor} names still has the hash recorded then. */
    public synchronized AuditVerification verify(AuditHead anchor) {
        return db.read(() -> {
            AuditVerification chain = check();
            if (!chain.ok() || anchor.seq() == 0) {
                return chain;
            }
            try (PreparedStatement ps = connection().prepareStatement("SELECT hash FROM audit WHERE seq = ?")) {
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

    /** The SQLite file, or null when the store is a control database. */
    public Path file() {
        return location instanceof StoreLocation.SqliteFile f ? f.file() : null;
    }

    public StoreLocation location() {
        return location;
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    private AuditVerification check() throws SQLException {
        long expected = 1;
        String prev = GENESIS;
        long count = 0;
        ChainHasher hasher = new ChainHasher();
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM audit ORDER BY seq")) {
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
                String actual = hasher.hash(e.seq(), e.at(), e.agent(), e.database(), e.client(), e.sql(), e.decision(),
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
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
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

    /** The hash of one entry; see {@link ChainHasher}. */
    static String hash(long seq, String... fields) {
        return new ChainHasher().hash(seq, fields);
    }

    private Connection connection() {
        return db.connection();
    }
}
