package dev.bulwark.gate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.gate.approval.ApprovalStore;

class AuditLogTest {
    @TempDir
    Path dir;
    Path file;
    AuditLog log;

    @BeforeEach
    void open() {
        file = dir.resolve("approvals.db");
        log = AuditLog.open(file, Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void anEmptyLogVerifies() {
        assertThat(log.verify()).isEqualTo(new AuditVerification(true, 0, 0, "the chain of 0 entries is intact"));
        assertThat(log.head()).isEqualTo(new AuditHead(0, AuditLog.GENESIS));
    }

    @Test
    void appendedEntriesFormAChain() throws Exception {
        AuditEntry first = log.append(event("SELECT 1", AuditDecision.ALLOWED, null));
        AuditEntry second = log.append(event("DROP TABLE t", AuditDecision.HELD, "cr-0000abcd"));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(AuditLog.GENESIS);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(first.at()).isEqualTo("2025-03-01T10:00:00.000000Z");
        assertThat(log.entries(1, 10)).containsExactly(first, second);
        assertThat(log.head()).isEqualTo(new AuditHead(2, second.hash()));
        assertThat(log.verify().ok()).isTrue();
        assertThat(log.verify().entries()).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void nullsAndEmptyStringsHashDifferently() {
        assertThat(AuditLog.hash(1, "a", null, "b")).isNotEqualTo(AuditLog.hash(1, "a", "", "b"));
        assertThat(AuditLog.hash(1, "ab", "c")).isNotEqualTo(AuditLog.hash(1, "a", "bc"));
    }

    @Test
    void updatesAndDeletesAreRefusedByTheStoreItself() throws Exception {
        fill(3);
        try (Connection c = raw(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE audit SET sql = 'x' WHERE seq = 2")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("DELETE FROM audit WHERE seq = 3")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("UPDATE audit_head SET seq = 1")).hasMessageContaining("only moves forward");
        }
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void detectsAnEditedField() throws Exception {
        fill(5);
        tamper("UPDATE audit SET decision = 'REFUSED' WHERE seq = 3");
        assertBad(log.verify(), 3, "was edited");
    }

    @Test
    void detectsAnEditedHashAsABrokenLink() throws Exception {
        fill(5);
        // an attacker who edits entry 3 and recomputes its hash still breaks entry 4's link
        AuditEntry e = log.entries(3, 1).get(0);
        String forged = AuditLog.hash(3, e.at(), e.agent(), e.database(), e.client(), "SELECT 1", e.decision(),
                e.requestId(), e.prevHash());
        tamper("UPDATE audit SET sql = 'SELECT 1', hash = '" + forged + "' WHERE seq = 3");
        assertBad(log.verify(), 4, "does not follow entry 3");
    }

    @Test
    void detectsADeletedEntry() throws Exception {
        fill(5);
        tamper("DELETE FROM audit WHERE seq = 2");
        assertBad(log.verify(), 2, "entry 2 is missing");
    }

    @Test
    void detectsADeletedFirstEntry() throws Exception {
        fill(3);
        tamper("DELETE FROM audit WHERE seq = 1");
        assertBad(log.verify(), 1, "entry 1 is missing");
    }

    @Test
    void detectsADeletionHiddenByRenumbering() throws Exception {
        fill(5);
        tamper("DELETE FROM audit WHERE seq = 2", "UPDATE audit SET seq = seq - 1 WHERE seq > 2");
        assertBad(log.verify(), 2, "does not follow entry 1");
    }

    @Test
    void detectsReorderedEntries() throws Exception {
        fill(5);
        tamper("UPDATE audit SET seq = 100 WHERE seq = 2", "UPDATE audit SET seq = 2 WHERE seq = 3",
                "UPDATE audit SET seq = 3 WHERE seq = 100");
        assertBad(log.verify(), 2, "does not follow entry 1");
    }

    @Test
    void detectsATruncatedTailThroughTheHead() throws Exception {
        fill(5);
        tamper("DELETE FROM audit WHERE seq >= 4");
        assertBad(log.verify(), 4, "the newest entries were deleted");
    }

    @Test
    void detectsATruncatedTailWhenAllEntriesAreGone() throws Exception {
        fill(2);
        tamper("DELETE FROM audit");
        assertBad(log.verify(), 1, "the newest entries were deleted");
    }

    @Test
    void detectsAReplacedLastEntry() throws Exception {
        fill(3);
        AuditEntry e = log.entries(3, 1).get(0);
        String forged = AuditLog.hash(3, e.at(), e.agent(), e.database(), e.client(), "SELECT 1", e.decision(),
                e.requestId(), e.prevHash());
        tamper("UPDATE audit SET sql = 'SELECT 1', hash = '" + forged + "' WHERE seq = 3");
        assertBad(log.verify(), 3, "does not have the hash the head records");
    }

    @Test
    void detectsADeletedHeadAndEntriesWrittenAroundIt() throws Exception {
        fill(2);
        tamper("DELETE FROM audit_head");
        assertBad(log.verify(), 2, "head row is missing");
    }

    @Test
    void truncationWithAMovedHeadIsCaughtOnlyByAnAnchorKeptElsewhere() throws Exception {
        fill(5);
        AuditHead anchor = log.head();
        AuditEntry third = log.entries(3, 1).get(0);
        tamper("DELETE FROM audit WHERE seq > 3", "UPDATE audit_head SET seq = 3, hash = '" + third.hash() + "'");
        // what truncation detection relies on: the head, which whoever can write the file can also move
        assertThat(log.verify().ok()).isTrue();
        assertBad(log.verify(anchor), 5, "is gone");
        assertThat(log.verify(new AuditHead(3, third.hash())).ok()).isTrue();
    }

    @Test
    void concurrentWritersInThreadsAndProcessesKeepOneChain() throws Exception {
        try (AuditLog second = AuditLog.open(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                AuditLog writer = t % 2 == 0 ? log : second;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        writer.append(event("SELECT " + i, AuditDecision.ALLOWED, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        assertThat(log.verify()).isEqualTo(new AuditVerification(true, 100, 0, "the chain of 100 entries is intact"));
    }

    @Test
    void sharesTheFileWithTheApprovalStore() {
        fill(2);
        try (ApprovalStore store = ApprovalStore.open(file)) {
            store.addApprover("alice");
        }
        log.appendAll(List.of(event("a", AuditDecision.APPROVED, "cr-1"), event("b", AuditDecision.EXECUTED, "cr-1")));
        assertThat(log.verify().entries()).isEqualTo(4);
        assertThat(log.verify().ok()).isTrue();
    }

    private void fill(int n) {
        for (int i = 1; i <= n; i++) {
            log.append(event("DELETE FROM t WHERE id = " + i, i % 2 == 0 ? AuditDecision.HELD : AuditDecision.ALLOWED,
                    i % 2 == 0 ? "cr-" + i : null));
        }
    }

    private static AuditEvent event(String sql, AuditDecision decision, String requestId) {
        return new AuditEvent("claude", "app", "127.0.0.1:5000", sql, decision, requestId);
    }

    /** Tampers the way an attacker with the file would: around the triggers, straight through JDBC. */
    private void tamper(String... statements) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            for (String trigger : List.of("audit_no_update", "audit_no_delete", "audit_head_forward", "audit_head_no_delete")) {
                s.execute("DROP TRIGGER IF EXISTS " + trigger);
            }
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static void assertBad(AuditVerification v, long seq, String reason) {
        assertThat(v.ok()).as(v.reason()).isFalse();
        assertThat(v.firstBadSeq()).as(v.reason()).isEqualTo(seq);
        assertThat(v.reason()).contains(reason);
    }
}
