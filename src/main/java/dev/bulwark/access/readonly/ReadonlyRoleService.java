package dev.bulwark.access.readonly;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;

/**
 * {@code bulwark access readonly-role}: plans what makes a role truly read-only, applies the plan
 * in one transaction, and proves the result logged in as the role.
 */
public final class ReadonlyRoleService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PgUrl admin;

    /** @param admin the database's configured URL, a role that may create roles and grant on every object */
    public ReadonlyRoleService(PgUrl admin) {
        this.admin = admin;
    }

    /** Reads the catalog (nothing else) and returns the plan; refuses a role that cannot be made read-only. */
    public RolePlan plan(ReadonlyRoleRequest request) {
        try (Connection c = Connections.open(admin, "plan a read-only role")) {
            RoleFacts facts = RoleFactsReader.read(c, request);
            return PlanBuilder.build(facts, request, admin.redacted());
        } catch (SQLException e) {
            throw BulwarkException.environment("reading the catalog of " + admin.redacted() + " failed: "
                    + SqlErrors.message(e), e);
        }
    }

    /**
     * Runs the plan in one transaction, then proves it: the future-object checks as the admin role,
     * everything else on a login as the role with {@code password} (for a new role, the password
     * it is created with).
     */
    public ApplyReport apply(RolePlan plan, Secret password) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        // a fresh name, so the proof's CREATE attempts can never meet an existing object
        String probe = "bulwark_probe_" + HexFormat.of().formatHex(suffix);
        int steps;
        List<ProofCheck> future;
        try (Connection c = Connections.open(admin, "apply a read-only role plan")) {
            steps = PlanApplier.apply(c, plan, plan.newRole() ? password : null);
            future = FutureObjectsProbe.run(c, plan.proof(), probe);
        } catch (SQLException e) {
            throw BulwarkException.environment("applying the plan on " + admin.redacted() + " failed: "
                    + SqlErrors.message(e), e);
        }
        PgUrl asRole = new PgUrl(admin.host(), admin.port(), admin.database(), plan.role(), password.reveal(), admin.params());
        List<ProofCheck> checks = new ArrayList<>();
        try (Connection c = Connections.open(asRole, "prove the read-only role")) {
            checks.addAll(RoleProof.run(c, plan.proof(), probe));
        } catch (BulwarkException e) {
            return new ApplyReport(plan, steps, new ProofReport(asRole.redacted(), e.getMessage(), future));
        } catch (SQLException e) {
            checks.addAll(future);
            return new ApplyReport(plan, steps, new ProofReport(asRole.redacted(), "the proof stopped: "
                    + SqlErrors.message(e), checks));
        }
        checks.addAll(future);
        return new ApplyReport(plan, steps, new ProofReport(asRole.redacted(), null, checks));
    }
}
