package dev.bulwark.gate.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.shaded.com.ongres.scram.client.ScramClient;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;

class ApprovalStoreTest {
    private static final String DROP = "DROP TABLE attendees";

    @TempDir
    Path dir;
    Path file;
    MutableClock clock;
    ApprovalStore store;

    @BeforeEach
    void open() {
        file = dir.resolve("state/approvals.db");
        clock = new MutableClock(Instant.parse("2025-03-01T10:00:05Z"));
        store = ApprovalStore.open(file, clock);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void createsTheFileOwnerOnlyInWalModeWithASchemaVersion() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        store.addAgent("claude", "app");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/approvals.db-wal"))))
                .isEqualTo("rw-------");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version WHERE component = 'approvals'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            s.execute("UPDATE schema_version SET version = 99 WHERE component = 'approvals'");
        }
        store.close();
        assertThatThrownBy(() -> ApprovalStore.open(file, clock)).isInstanceOf(BulwarkException.class)
                .hasMessageContaining("schema version 99");
        store = null;
    }

    @Test
    void reopeningKeepsDataAndTightensLoosenedPermissions() throws Exception {
        store.addAgent("claude", "app");
        store.close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        store = ApprovalStore.open(file, clock);
        assertThat(store.listAgents()).extracting(Agent::name).containsExactly("claude");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void agentsKeepOnlyAVerifierOfTheirPassword() throws Exception {
        AgentCredentials creds = store.addAgent("claude", "app");
        assertThat(creds.password()).hasSize(24);
        assertThat(creds.toString()).doesNotContain(creds.password());
        assertThat(store.listAgents()).containsExactly(new Agent("claude", "app", clock.instant()));
        assertThat(store.agent("claude")).isPresent();
        assertThat(store.agentVerifier("nobody")).isEmpty();

        ScramServer server = new ScramServer(store.agentVerifier("claude").orElseThrow());
        ScramClient client = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username("*")
                .password(creds.password().toCharArray()).build();
        client.serverFirstMessage(server.firstMessage(client.clientFirstMessage().toString()));
        assertThat(server.finalMessage(client.clientFinalMessage().toString()).authenticated()).isTrue();
        for (Path f : List.of(file, dir.resolve("state/approvals.db-wal"))) {
            assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).doesNotContain(creds.password());
        }

        assertUsage(() -> store.addAgent("claude", "app"), "already exists");
        assertUsage(() -> store.addAgent("bad name", "app"), "not a valid agent name");
        assertUsage(() -> store.addAgent("ok", " "), "needs a database");
        store.removeAgent("claude");
        assertThat(store.listAgents()).isEmpty();
        assertUsage(() -> store.removeAgent("claude"), "no agent named claude");
    }

    @Test
    void approversAreEnrolledWithAnOtpauthUriAndNeverListedWithTheirSecret() {
        ApproverEnrollment e = store.addApprover("alice");
        String secret = secretOf(e);
        assertThat(e.otpauthUri()).startsWith("otpauth://totp/Bulwark:alice?secret=" + secret + "&issuer=Bulwark");
        assertThat(e.toString()).doesNotContain(secret);
        assertThat(store.listApprovers()).containsExactly(new Approver("alice", clock.instant()));
        assertThat(store.listApprovers().toString()).doesNotContain(secret);
        assertUsage(() -> store.addApprover("alice"), "already exists");
        // approvers are their own namespace: an agent of the same name is unrelated
        store.addAgent("alice", "app");
        store.removeApprover("alice");
        assertThat(store.listApprovers()).isEmpty();
        assertThat(store.listAgents()).hasSize(1);
    }

    @Test
    void aCodeIsAcceptedOnceAndThenOnlyNewerCodes() {
        String secret = secretOf(store.addApprover("alice"));
        String code = codeNow(secret);
        assertThat(store.verifyCode("alice", "000000".equals(code) ? "111111" : "000000")).isFalse();
        assertThat(store.verifyCode("alice", code)).isTrue();
        assertThat(store.verifyCode("alice", code)).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(store.verifyCode("alice", codeNow(secret))).isTrue();
        assertUsage(() -> store.verifyCode("bob", code), "no approver named bob");
    }

    @Test
    void replayProtectionHoldsAcrossProcesses() {
        String secret = secretOf(store.addApprover("alice"));
        String code = codeNow(secret);
        try (ApprovalStore other = ApprovalStore.open(file, clock)) {
            assertThat(other.verifyCode("alice", code)).isTrue();
        }
        assertThat(store.verifyCode("alice", code)).isFalse();
    }

    @Test
    void aHeldRequestRecordsWhatWasSentAndItsHash() {
        ChangeRequest r = store.createRequest(request(DROP, 1));
        assertThat(r.id()).matches("cr-[0-9a-f]{8}");
        assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(r.sqlSha256()).isEqualTo("00634f00d5594d7b0a9494155d713301c1260ef97c006b047a1aef7f032b1f3b"); // sha256sum of the text
        assertThat(r.createdAt()).isEqualTo(clock.instant());
        assertThat(r.agent()).isEqualTo("claude");
        assertThat(r.clientAddress()).isEqualTo("127.0.0.1:50000");
        assertThat(r.impactJson()).isEqualTo("{\"rows\":1200}");
        assertThat(store.get(r.id())).contains(r);
        assertThat(store.get("cr-00000000")).isEmpty();
        assertThat(store.list(null)).containsExactly(r);
        assertThat(store.list(RequestStatus.APPROVED)).isEmpty();
        assertUsage(() -> store.createRequest(new NewRequest("claude", "app", null, DROP, "ddl", "{not json")), "must be JSON");
        assertUsage(() -> store.createRequest(request(DROP, 3)), "1 or 2 approvals");
        assertUsage(() -> store.createRequest(new NewRequest("claude", "app", null, " ", "ddl", null)), "needs a sql");
    }

    @Test
    void approvalBindsToTheSqlHashAndExpires() {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest r = store.createRequest(request(DROP, 1));
        clock.advance(Duration.ofMinutes(5));
        ChangeRequest approved = store.approve(r.id(), "alice", codeNow(secret));
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.approvals()).containsExactly(new Approval("alice", clock.instant(), r.sqlSha256()));
        assertThat(approved.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertUsage(() -> store.approve(r.id(), "alice", "123456"), "already approved");

        clock.advance(Duration.ofMinutes(16));
        assertThat(store.get(r.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(store.list(RequestStatus.EXPIRED)).extracting(ChangeRequest::id).containsExactly(r.id());
        assertUsage(() -> store.beginExecution(r.id()), "it is expired");
    }

    @Test
    void pendingRequestsExpireAndCannotThenBeApproved() {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest r = store.createRequest(request(DROP, 1));
        clock.advance(Duration.ofHours(25));
        assertUsage(() -> store.approve(r.id(), "alice", codeNow(secret)), "it is expired");
    }

    @Test
    void approvingNeedsAKnownApproverAndTheRightUnusedCode() {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest r = store.createRequest(request(DROP, 1));
        assertUsage(() -> store.approve(r.id(), "claude", "123456"), "no approver named claude");
        assertThatThrownBy(() -> store.approve(r.id(), "alice", "12345"))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED));
        String code = codeNow(secret);
        assertThat(store.verifyCode("alice", code)).isTrue();
        assertThatThrownBy(() -> store.approve(r.id(), "alice", code)).hasMessageContaining("already used");
        assertThat(store.get(r.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
        assertUsage(() -> store.approve("cr-00000000", "alice", code), "no change request cr-00000000");
    }

    @Test
    void twoApprovalRequestsNeedTwoDistinctApprovers() {
        String alice = secretOf(store.addApprover("alice"));
        String bob = secretOf(store.addApprover("bob"));
        ChangeRequest r = store.createRequest(request(DROP, 2));
        ChangeRequest once = store.approve(r.id(), "alice", codeNow(alice));
        assertThat(once.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(once.approvals()).hasSize(1);
        clock.advance(Duration.ofSeconds(30));
        assertUsage(() -> store.approve(r.id(), "alice", codeNow(alice)), "different second approver");
        ChangeRequest twice = store.approve(r.id(), "bob", codeNow(bob));
        assertThat(twice.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(twice.approvals()).extracting(Approval::approver).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void executionIsClaimedOnceAndItsOutcomeRecorded() {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest r = store.createRequest(request(DROP, 1));
        assertUsage(() -> store.beginExecution(r.id()), "it is pending");
        store.approve(r.id(), "alice", codeNow(secret));
        assertUsage(() -> store.markExecuted(r.id(), "{}"), "it is approved");
        assertThat(store.beginExecution(r.id()).status()).isEqualTo(RequestStatus.EXECUTING);
        assertUsage(() -> store.beginExecution(r.id()), "it is executing");
        clock.advance(Duration.ofHours(2)); // a long-running statement does not expire mid-way
        ChangeRequest done = store.markExecuted(r.id(), "{\"rows\":0}");
        assertThat(done.status()).isEqualTo(RequestStatus.EXECUTED);
        assertThat(done.resultJson()).isEqualTo("{\"rows\":0}");
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertUsage(() -> store.markFailed(r.id(), "boom"), "it is executed");
        assertUsage(() -> store.deny(r.id(), "alice", null, "too late"), "cannot deny");

        ChangeRequest other = store.createRequest(request("DELETE FROM t", 1));
        store.approve(other.id(), "alice", codeNow(secret));
        store.beginExecution(other.id());
        assertThat(store.markFailed(other.id(), "lock timeout").error()).isEqualTo("lock timeout");
        assertThat(store.list(RequestStatus.FAILED)).extracting(ChangeRequest::id).containsExactly(other.id());
    }

    @Test
    void denyingNeedsAReasonAndEndsTheRequest() {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest r = store.createRequest(request(DROP, 1));
        assertUsage(() -> store.deny(r.id(), "alice", null, " "), "reason");
        assertUsage(() -> store.deny(r.id(), "mallory", null, "no"), "no approver named mallory");
        assertThatThrownBy(() -> store.deny(r.id(), "alice", "000000".equals(codeNow(secret)) ? "111111" : "000000", "no"))
                .hasMessageContaining("wrong");
        ChangeRequest denied = store.deny(r.id(), "alice", null, "drops production data");
        assertThat(denied.status()).isEqualTo(RequestStatus.DENIED);
        assertThat(denied.deniedBy()).isEqualTo("alice");
        assertThat(denied.denyReason()).isEqualTo("drops production data");
        assertUsage(() -> store.approve(r.id(), "alice", codeNow(secret)), "it is denied");

        ChangeRequest approved = store.createRequest(request(DROP, 1));
        store.approve(approved.id(), "alice", codeNow(secret));
        assertThat(store.deny(approved.id(), "alice", null, "changed my mind").status()).isEqualTo(RequestStatus.DENIED);
    }

    @Test
    void aRequestWhoseSqlWasChangedInTheFileWillNotRun() throws Exception {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest r = store.createRequest(request("DELETE FROM t WHERE id = 1", 1));
        store.approve(r.id(), "alice", codeNow(secret));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("UPDATE requests SET sql = 'DELETE FROM t' WHERE id = '" + r.id() + "'");
        }
        assertThatThrownBy(() -> store.beginExecution(r.id()))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED))
                .hasMessageContaining("altered");
    }

    private NewRequest request(String sql, int approvals) {
        return new NewRequest("claude", "app", "127.0.0.1:50000", sql, "DDL: DROP TABLE", "{\"rows\":1200}", approvals);
    }

    /** Each test approval uses a fresh step so replay protection does not get in the way. */
    private String codeNow(String secret) {
        clock.advance(Duration.ofSeconds(30));
        return Totp.code(Base32.decode(secret), Totp.step(clock.instant()), 6);
    }

    private static String secretOf(ApproverEnrollment e) {
        Matcher m = Pattern.compile("secret=([A-Z2-7]+)").matcher(e.otpauthUri());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void assertUsage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining(message);
    }
}
