package dev.bulwark.gate.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.shaded.com.ongres.scram.client.ScramClient;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.StoreLocation;
import dev.bulwark.testing.StoreFixture;

/**
 * What every approvals store does, whatever holds it: subclasses provide a fresh SQLite file or
 * PostgreSQL control database per test, and raw access to its tables for tampering.
 */
abstract class ApprovalStoreContract {
    static final String DROP = "DROP TABLE attendees";

    StoreFixture backend;
    StoreLocation location;
    MutableClock clock;
    ApprovalStore store;

    /** The SQLite file or control database this test runs against. */
    abstract StoreFixture backend() throws Exception;

    /** Everything the store keeps, as text, to look for secrets in. */
    abstract String storedText() throws Exception;

    @BeforeEach
    void open() throws Exception {
        backend = backend();
        location = backend.freshLocation();
        clock = new MutableClock(Instant.parse("2025-03-01T10:00:05Z"));
        store = ApprovalStore.open(location, clock);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    ApprovalStore reopen() {
        return ApprovalStore.open(location, clock);
    }

    @Test
    void aStoreWithANewerSchemaIsRefused() throws Exception {
        store.addAgent("claude", "app");
        store.close();
        store = null;
        backend.execute("UPDATE schema_version SET version = 99 WHERE component = 'approvals'");
        assertThatThrownBy(this::reopen)
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT))
                .hasMessageContaining("schema version 99").hasMessageContaining("upgrade Bulwark");
    }

    @Test
    void reopeningKeepsData() {
        store.addAgent("claude", "app");
        store.close();
        store = reopen();
        assertThat(store.listAgents()).extracting(Agent::name).containsExactly("claude");
        assertThat(store.location()).isEqualTo(location);
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
        assertThat(storedText()).contains("claude").doesNotContain(creds.password());

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
        assertThat(store.verifyCode("alice", wrongCode(secret))).isFalse();
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
        try (ApprovalStore other = reopen()) {
            assertThat(other.verifyCode("alice", code)).isTrue();
        }
        assertThat(store.verifyCode("alice", code)).isFalse();
    }

    @Test
    void twoConnectionsRacingWithTheSameCodeCannotBothUseIt() throws Exception {
        String secret = secretOf(store.addApprover("alice"));
        try (ApprovalStore other = reopen()) {
            for (int round = 0; round < 15; round++) {
                String code = codeNow(secret);
                List<Object> outcomes = race(() -> store.verifyCode("alice", code), () -> other.verifyCode("alice", code));
                assertThat(outcomes).as("round " + round).containsExactlyInAnyOrder(true, false);
            }
        }
    }

    @Test
    void twoConnectionsRacingToApproveCountEveryApprovalOnce() throws Exception {
        raceToApprove(2, (r, other, outcomes, round) -> {
            assertThat(outcomes).as("round " + round).allMatch(o -> o instanceof ChangeRequest);
            ChangeRequest approved = store.get(r.id()).orElseThrow();
            assertThat(approved.status()).as("round " + round).isEqualTo(RequestStatus.APPROVED);
            assertThat(approved.approvals()).extracting(Approval::approver).containsExactlyInAnyOrder("alice", "bob");
        });
    }

    @Test
    void twoConnectionsRacingToApproveOrExecuteOneRequestHaveOneWinner() throws Exception {
        raceToApprove(1, (r, other, outcomes, round) -> {
            assertOneWinner(outcomes, "already approved", round);
            assertThat(store.get(r.id()).orElseThrow().approvals()).hasSize(1);
            assertOneWinner(race(() -> store.beginExecution(r.id()), () -> other.beginExecution(r.id())),
                    "it is executing", round);
        });
    }

    /** What a round of {@link #raceToApprove} checks: the request, the other store, and both approvals' outcomes. */
    @FunctionalInterface
    interface RaceCheck {
        void check(ChangeRequest r, ApprovalStore other, List<Object> outcomes, int round) throws Exception;
    }

    /**
     * Round after round, a new request needing {@code approvals} approvals that Alice (through this
     * store) and Bob (through another connection) approve at the same moment, each with a fresh code.
     */
    private void raceToApprove(int approvals, RaceCheck check) throws Exception {
        String alice = secretOf(store.addApprover("alice"));
        String bob = secretOf(store.addApprover("bob"));
        try (ApprovalStore other = reopen()) {
            for (int round = 0; round < 8; round++) {
                ChangeRequest r = store.createRequest(request(DROP + round, approvals));
                String aliceCode = codeNow(alice);
                String bobCode = Totp.code(Base32.decode(bob), Totp.step(clock.instant()), 6);
                check.check(r, other, race(() -> store.approve(r.id(), "alice", aliceCode),
                        () -> other.approve(r.id(), "bob", bobCode)), round);
            }
        }
    }

    private static void assertOneWinner(List<Object> outcomes, String loserMessage, int round) {
        assertThat(outcomes).as("round " + round).filteredOn(o -> o instanceof ChangeRequest).hasSize(1);
        assertThat(outcomes).as("round " + round)
                .filteredOn(o -> o instanceof BulwarkException b && b.getMessage().contains(loserMessage)).hasSize(1);
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
        assertThatThrownBy(() -> store.deny(r.id(), "alice", wrongCode(secret), "no"))
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
    void aRequestWhoseSqlWasChangedInTheStoreWillNotRun() throws Exception {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest r = store.createRequest(request("DELETE FROM t WHERE id = 1", 1));
        store.approve(r.id(), "alice", codeNow(secret));
        backend.execute("UPDATE requests SET sql = 'DELETE FROM t' WHERE id = '" + r.id() + "'");
        assertThatThrownBy(() -> store.beginExecution(r.id()))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED))
                .hasMessageContaining("altered");
    }

    @Test
    void aTerraformPlanRequestBindsItsApprovalToThePlanFileAndAppliesOnce() {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest r = store.createPlanRequest(planRequest(PLAN));
        assertThat(r.id()).matches("cr-[0-9a-f]{8}");
        assertThat(r.kind()).isEqualTo(RequestKind.TERRAFORM);
        assertThat(r.plan()).isEqualTo(new SavedPlan("/infra/prod", "/infra/prod/bulwark.tfplan"));
        assertThat(r.database()).isNull();
        assertThat(r.sqlSha256()).isEqualTo(PLAN);
        assertThat(r.sql()).startsWith("terraform plan");
        assertThat(store.planRequests(PLAN)).containsExactly(r);
        assertThat(store.planRequests(OTHER_PLAN)).isEmpty();

        ChangeRequest approved = store.approve(r.id(), "alice", codeNow(secret));
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.approvals()).containsExactly(new Approval("alice", clock.instant(), PLAN));
        assertThat(approved.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertUsage(() -> store.beginExecution(r.id()), "bulwark tf apply /infra/prod/bulwark.tfplan");
        assertThatThrownBy(() -> store.beginPlanApply(r.id(), OTHER_PLAN))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED))
                .hasMessageContaining("not an approval of the plan file");
        assertThat(store.beginPlanApply(r.id(), PLAN).status()).isEqualTo(RequestStatus.EXECUTING);
        assertUsage(() -> store.beginPlanApply(r.id(), PLAN), "it is executing");
        assertThat(store.markExecuted(r.id(), "{\"exit_code\":0}").status()).isEqualTo(RequestStatus.EXECUTED);
        assertUsage(() -> store.beginPlanApply(r.id(), PLAN), "it is executed");
        assertThat(store.list(RequestStatus.EXECUTED)).extracting(ChangeRequest::kind).containsExactly(RequestKind.TERRAFORM);
    }

    @Test
    void aPlanApprovalExpiresLikeAnyOtherAndCannotBeTamperedWith() throws Exception {
        String secret = secretOf(store.addApprover("alice"));
        ChangeRequest expiring = store.createPlanRequest(planRequest(PLAN));
        store.approve(expiring.id(), "alice", codeNow(secret));
        clock.advance(Duration.ofMinutes(16));
        assertThat(store.planRequests(PLAN)).extracting(ChangeRequest::status).containsExactly(RequestStatus.EXPIRED);
        assertUsage(() -> store.beginPlanApply(expiring.id(), PLAN), "run bulwark tf plan again");

        ChangeRequest other = store.createPlanRequest(planRequest(OTHER_PLAN));
        store.approve(other.id(), "alice", codeNow(secret));
        backend.execute("UPDATE requests SET sql_sha256 = '" + PLAN + "' WHERE id = '" + other.id() + "'");
        assertThatThrownBy(() -> store.beginPlanApply(other.id(), PLAN)).hasMessageContaining("altered");
    }

    @Test
    void sqlRequestsAndPlanRequestsDoNotStandInForEachOther() {
        ChangeRequest sql = store.createRequest(request(DROP, 1));
        assertThat(store.planRequests(sql.sqlSha256())).isEmpty();
        assertThatThrownBy(() -> store.beginPlanApply(sql.id(), sql.sqlSha256())).hasMessageContaining("not an approval");
        assertThat(store.get(sql.id()).orElseThrow().kind()).isEqualTo(RequestKind.SQL);
        assertThat(store.get(sql.id()).orElseThrow().plan()).isNull();
        assertUsage(() -> store.createPlanRequest(new NewPlanRequest("claude", PLAN_FILE, "ABC", "s", "r", null, 1)), "64 lower-case hex");
        assertUsage(() -> store.createPlanRequest(new NewPlanRequest("claude", null, PLAN, "s", "r", null, 1)), "working directory");
        assertUsage(() -> store.createPlanRequest(new NewPlanRequest("claude", PLAN_FILE, PLAN, " ", "r", null, 1)), "summary");
        assertUsage(() -> store.createPlanRequest(new NewPlanRequest("claude", PLAN_FILE, PLAN, "s", "r", null, 3)), "1 or 2");
    }

    /** A store written by a Bulwark that knew only SQL requests (schema version 1) is brought up to date on opening. */
    @Test
    void aStoreOfSchemaVersionOneIsUpgradedAndKeepsItsRequests() throws Exception {
        String secret = secretOf(store.addApprover("alice"));
        store.close();
        store = null;
        backend.execute("DROP INDEX requests_by_hash", "ALTER TABLE requests DROP COLUMN kind",
                "ALTER TABLE requests DROP COLUMN workdir", "ALTER TABLE requests DROP COLUMN plan_file",
                "UPDATE schema_version SET version = 1 WHERE component = 'approvals'",
                "INSERT INTO requests (id, created_at, agent, database, client, sql, sql_sha256, reason, impact,"
                        + " required_approvals, status, expires_at) VALUES ('cr-0000abcd', '2025-03-01T10:00:05.000000Z',"
                        + " 'claude', 'app', '127.0.0.1:50000', '" + DROP + "', '" + RequestBook.sha256(DROP) + "', 'DDL',"
                        + " NULL, 1, 'PENDING', '2025-03-02T10:00:05.000000Z')");
        store = reopen();
        ChangeRequest old = store.get("cr-0000abcd").orElseThrow();
        assertThat(old.kind()).isEqualTo(RequestKind.SQL);
        assertThat(old.database()).isEqualTo("app");
        assertThat(store.approve(old.id(), "alice", codeNow(secret)).status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(store.beginExecution(old.id()).status()).isEqualTo(RequestStatus.EXECUTING);
        assertThat(store.createPlanRequest(planRequest(PLAN)).kind()).isEqualTo(RequestKind.TERRAFORM);
        store.close();
        store = reopen(); // opening an up-to-date store changes nothing
        assertThat(store.list(null)).hasSize(2);
    }

    static final String PLAN = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String OTHER_PLAN = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    static final SavedPlan PLAN_FILE = new SavedPlan("/infra/prod", "/infra/prod/bulwark.tfplan");

    NewPlanRequest planRequest(String sha256) {
        return new NewPlanRequest("claude", PLAN_FILE, sha256, "terraform plan /infra/prod/bulwark.tfplan destroys 1 resource:\n"
                + "delete  aws_db_instance.main", "terraform plan destroys 1 resource", "{\"changes\":[]}", 1);
    }

    NewRequest request(String sql, int approvals) {
        return new NewRequest("claude", "app", "127.0.0.1:50000", sql, "DDL: DROP TABLE", "{\"rows\":1200}", approvals);
    }

    /** Each test approval uses a fresh step so replay protection does not get in the way. */
    /** A well-formed code that matches no step of the window accepted now (a fixed guess would, once in ~300,000 runs). */
    String wrongCode(String secret) {
        long now = Totp.step(clock.instant());
        java.util.Set<String> window = new java.util.HashSet<>();
        for (long s = now - Totp.DRIFT_STEPS; s <= now + Totp.DRIFT_STEPS; s++) {
            window.add(Totp.code(Base32.decode(secret), s, Totp.DIGITS));
        }
        for (int d = 0; ; d++) {
            String guess = String.valueOf(d).repeat(Totp.DIGITS);
            if (!window.contains(guess)) return guess;
        }
    }

    String codeNow(String secret) {
        clock.advance(Duration.ofSeconds(30));
        return Totp.code(Base32.decode(secret), Totp.step(clock.instant()), 6);
    }

    static String secretOf(ApproverEnrollment e) {
        Matcher m = Pattern.compile("secret=([A-Z2-7]+)").matcher(e.otpauthUri());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static void assertUsage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining(message);
    }

    /** Starts the calls at the same moment on their own threads; each outcome is a result or the exception thrown. */
    static List<Object> race(Callable<?>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CyclicBarrier start = new CyclicBarrier(calls.length);
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<?> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return call.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
