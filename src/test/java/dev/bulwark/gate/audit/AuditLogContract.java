package dev.bulwark.gate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bulwark.config.StoreLocation;
import dev.bulwark.testing.StoreFixture;
import dev.bulwark.gate.approval.ApprovalStore;

/**
 * What every audit log does, whatever holds it: subclasses provide a fresh SQLite file or
 * PostgreSQL control database per test, and raw access to its tables for tampering.
 */
abstract class AuditLogContract {
    StoreFixture backend;
    StoreLocation location;
    AuditLog log;

    /** The SQLite file or control database this test runs against. */
    abstract StoreFixture backend() throws Exception;

    @BeforeEach
    void open() throws Exception {
        backend = backend();
        location = backend.freshLocation();
        log = AuditLog.open(location, Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
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
    }

    @Test
    void nullsAndEmptyStringsHashDifferently() {
        assertThat(AuditLog.hash(1, "a", null, "b")).isNotEqualTo(AuditLog.hash(1, "a", "", "b"));
        assertThat(AuditLog.hash(1, "ab", "c")).isNotEqualTo(AuditLog.hash(1, "a", "bc"));
    }

    @Test
    void updatesAndDeletesAreRefusedByTheStoreItself() throws Exception {
        fill(3);
        assertThatThrownBy(() -> backend.execute("UPDATE audit SET sql = 'x' WHERE seq = 2")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> backend.execute("DELETE FROM audit WHERE seq = 3")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> backend.execute("UPDATE audit_head SET seq = 1")).hasMessageContaining("only moves forward");
        assertThatThrownBy(() -> backend.execute("DELETE FROM audit_head")).hasMessageContaining("cannot be deleted");
        assertThat(log.verify().ok()).isTrue();
    }

    /** What was done around the triggers, to how many entries, and where and why verify must object. */
    static Stream<Arguments> tampering() {
        return Stream.of(
                arguments("an edited field", 5, List.of("UPDATE audit SET decision = 'REFUSED' WHERE seq = 3"), 3, "was edited"),
                arguments("a deleted entry", 5, List.of("DELETE FROM audit WHERE seq = 2"), 2, "entry 2 is missing"),
                arguments("a deleted first entry", 3, List.of("DELETE FROM audit WHERE seq = 1"), 1, "entry 1 is missing"),
                arguments("a deletion hidden by renumbering", 5, List.of("DELETE FROM audit WHERE seq = 2",
                        "UPDATE audit SET seq = seq - 1 WHERE seq > 2"), 2, "does not follow entry 1"),
                arguments("reordered entries", 5, List.of("UPDATE audit SET seq = 100 WHERE seq = 2",
                        "UPDATE audit SET seq = 2 WHERE seq = 3", "UPDATE audit SET seq = 3 WHERE seq = 100"),
                        2, "does not follow entry 1"),
                arguments("a truncated tail, through the head", 5, List.of("DELETE FROM audit WHERE seq >= 4"), 4,
                        "the newest entries were deleted"),
                arguments("a truncated tail when all entries are gone", 2, List.of("DELETE FROM audit"), 1,
                        "the newest entries were deleted"),
                arguments("a deleted head and entries written around it", 2, List.of("DELETE FROM audit_head"), 2,
                        "head row is missing"));
    }

    @ParameterizedTest(name = "detects {0}")
    @MethodSource("tampering")
    void detectsTampering(String what, int entries, List<String> statements, long badSeq, String reason) throws Exception {
        fill(entries);
        backend.tamper(statements.toArray(String[]::new));
        assertBad(log.verify(), badSeq, reason);
    }

    @Test
    void detectsAnEditedHashAsABrokenLink() throws Exception {
        fill(5);
        // an attacker who edits entry 3 and recomputes its hash still breaks entry 4's link
        backend.tamper(rewriteWithItsOwnHash(3));
        assertBad(log.verify(), 4, "does not follow entry 3");
    }

    @Test
    void detectsAReplacedLastEntry() throws Exception {
        fill(3);
        backend.tamper(rewriteWithItsOwnHash(3));
        assertBad(log.verify(), 3, "does not have the hash the head records");
    }

    @Test
    void truncationWithAMovedHeadIsCaughtOnlyByAnAnchorKeptElsewhere() throws Exception {
        fill(5);
        AuditHead anchor = log.head();
        AuditEntry third = log.entries(3, 1).get(0);
        backend.tamper("DELETE FROM audit WHERE seq > 3", "UPDATE audit_head SET seq = 3, hash = '" + third.hash() + "'");
        // what truncation detection relies on: the head, which whoever can write the file can also move
        assertThat(log.verify().ok()).isTrue();
        assertBad(log.verify(anchor), 5, "is gone");
        assertThat(log.verify(new AuditHead(3, third.hash())).ok()).isTrue();
    }

    @Test
    void concurrentWritersInThreadsAndProcessesKeepOneChain() throws Exception {
        try (AuditLog second = AuditLog.open(location)) {
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
    void sharesTheStoreWithTheApprovalStore() {
        fill(2);
        try (ApprovalStore store = ApprovalStore.open(location)) {
            store.addApprover("alice");
        }
        log.appendAll(List.of(event("a", AuditDecision.APPROVED, "cr-1"), event("b", AuditDecision.EXECUTED, "cr-1")));
        assertThat(log.verify().entries()).isEqualTo(4);
        assertThat(log.verify().ok()).isTrue();
    }

    /** Replaces entry {@code seq}'s SQL and recomputes its hash, as an attacker who knows the encoding would. */
    private String rewriteWithItsOwnHash(long seq) {
        AuditEntry e = log.entries(seq, 1).get(0);
        String forged = AuditLog.hash(seq, e.at(), e.agent(), e.database(), e.client(), "SELECT 1", e.decision(),
                e.requestId(), e.prevHash());
        return "UPDATE audit SET sql = 'SELECT 1', hash = '" + forged + "' WHERE seq = " + seq;
    }

    void fill(int n) {
        for (int i = 1; i <= n; i++) {
            log.append(event("DELETE FROM t WHERE id = " + i, i % 2 == 0 ? AuditDecision.HELD : AuditDecision.ALLOWED,
                    i % 2 == 0 ? "cr-" + i : null));
        }
    }

    static AuditEvent event(String sql, AuditDecision decision, String requestId) {
        return new AuditEvent("claude", "app", "127.0.0.1:5000", sql, decision, requestId);
    }

    static void assertBad(AuditVerification v, long seq, String reason) {
        assertThat(v.ok()).as(v.reason()).isFalse();
        assertThat(v.firstBadSeq()).as(v.reason()).isEqualTo(seq);
        assertThat(v.reason()).contains(reason);
    }
}
