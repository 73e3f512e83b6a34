package dev.bulwark.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ApproverEnrollment;
import dev.bulwark.gate.approval.Base32;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.RequestStatus;
import dev.bulwark.gate.approval.Totp;
import dev.bulwark.gate.audit.AuditLog;

class StoreHoldDeskTest {
    @TempDir
    Path dir;

    private static final HoldDesk.SessionInfo AGENT = new HoldDesk.SessionInfo("claude", "app", "127.0.0.1:5000");

    @Test
    void schemaChangesAreRecognisedByTheirFirstWord() {
        assertThat(StoreHoldDesk.isSchemaChange("DROP TABLE t")).isTrue();
        assertThat(StoreHoldDesk.isSchemaChange("select 1; alter table t add c int")).isTrue();
        assertThat(StoreHoldDesk.isSchemaChange("Create index i on t (a)")).isTrue();
        assertThat(StoreHoldDesk.isSchemaChange("TRUNCATE t")).isTrue();
        assertThat(StoreHoldDesk.isSchemaChange("SELECT 'unterminated")).isTrue();
        assertThat(StoreHoldDesk.isSchemaChange("DELETE FROM t WHERE a = 'drop table'")).isFalse();
        assertThat(StoreHoldDesk.isSchemaChange("UPDATE t SET a = 1")).isFalse();
    }

    @Test
    void aSchemaChangeWaitsForTwoDifferentApproversWhenConfigured() throws Exception {
        Path file = dir.resolve("approvals.db");
        try (ApprovalStore store = ApprovalStore.open(file); AuditLog audit = AuditLog.open(file);
             StoreHoldDesk desk = new StoreHoldDesk(store, audit, Map.of(), 2)) {
            ApproverEnrollment alice = store.addApprover("alice");
            ApproverEnrollment bob = store.addApprover("bob");
            String drop = desk.hold(AGENT, "DROP TABLE accounts", "not a read");
            String delete = desk.hold(AGENT, "DELETE FROM accounts", "not a read");
            assertThat(store.get(drop).orElseThrow().requiredApprovals()).isEqualTo(2);
            assertThat(store.get(delete).orElseThrow().requiredApprovals()).isEqualTo(1);

            long step = Totp.step(Instant.now());
            ChangeRequest once = store.approve(drop, "alice", code(alice, step));
            assertThat(once.status()).isEqualTo(RequestStatus.PENDING);
            ChangeRequest twice = store.approve(drop, "bob", code(bob, step));
            assertThat(twice.status()).isEqualTo(RequestStatus.APPROVED);
            assertThat(twice.approvals()).extracting(a -> a.approver()).containsExactly("alice", "bob");
        }
    }

    private static String code(ApproverEnrollment e, long step) {
        Matcher m = Pattern.compile("secret=([A-Z2-7]+)").matcher(e.otpauthUri());
        assertThat(m.find()).isTrue();
        return Totp.code(Base32.decode(m.group(1)), step, Totp.DIGITS);
    }
}
