package dev.bulwark.access.readonly;

import static dev.bulwark.postgres.Identifiers.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.bulwark.BulwarkException;
import dev.bulwark.access.readonly.PlanStep.SetPassword;
import dev.bulwark.access.readonly.ProofPlan.Creator;
import dev.bulwark.access.readonly.RoleFacts.DefaultWriteGrant;
import dev.bulwark.access.readonly.RoleFacts.ExistingRole;
import dev.bulwark.access.readonly.RoleFacts.Membership;
import dev.bulwark.access.readonly.RoleFacts.SettingOverride;
import dev.bulwark.access.readonly.RoleFacts.WriteGrant;
import dev.bulwark.postgres.Identifiers;

/** Turns what the catalog says into the statements that make the role read-only; pure, so it is tested without a server. */
final class PlanBuilder {
    private static final String ATTRIBUTES = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

    private final RoleFacts facts;
    private final ReadonlyRoleRequest request;
    private final String role;

    private PlanBuilder(RoleFacts facts, ReadonlyRoleRequest request) {
        this.facts = facts;
        this.request = request;
        this.role = quote(facts.role());
    }

    static RolePlan build(RoleFacts facts, ReadonlyRoleRequest request, String server) {
        return new PlanBuilder(facts, request).build(server);
    }

    private RolePlan build(String server) {
        refuseWhatCannotBeReadOnly();
        List<PlanSection> sections = new ArrayList<>();
        sections.add(roleSection());
        addIfAny(sections, membershipSection());
        sections.add(settingsSection());
        addIfAny(sections, revokeSection(facts.grantsToRole(), facts.role(),
                "Write privileges " + role + " holds itself (column privileges go with the table-level REVOKE): "));
        addIfAny(sections, defaultRevokeSection(false));
        sections.add(new PlanSection(role + " may connect to " + quote(facts.server().database())
                + " (granted to the role itself, so it keeps working if CONNECT is ever taken from PUBLIC).",
                List.of(sql("GRANT CONNECT ON DATABASE " + quote(facts.server().database()) + " TO " + role))));
        for (String schema : facts.schemas()) sections.add(schemaSection(schema));
        List<String> warnings = new ArrayList<>();
        if (request.revokePublic()) {
            addIfAny(sections, revokeSection(facts.grantsToPublic(), null, "--revoke-public: what PUBLIC holds, every role holds, "
                    + role + " included. Roles that relied on it need a grant of their own (e.g. GRANT TEMPORARY ON DATABASE "
                    + quote(facts.server().database()) + " TO app_role). Taken from PUBLIC: "));
            addIfAny(sections, defaultRevokeSection(true));
        } else {
            warnings.addAll(publicWarnings());
        }
        warnings.addAll(otherWarnings());
        boolean publicKeepsTemp = !request.revokePublic() && facts.grantsToPublic().stream()
                .anyMatch(g -> g.objectType().equals("DATABASE") && g.privileges().contains("TEMPORARY"));
        int v = facts.server().versionNum();
        return new RolePlan(facts.role(), facts.server().database(), server, (v / 10000) + "." + (v % 10000),
                facts.schemas(), facts.newRole(), sections, warnings,
                new ProofPlan(facts.role(), facts.schemas(), facts.samples(), facts.creators(), request.limits(), publicKeepsTemp, v));
    }

    private void refuseWhatCannotBeReadOnly() {
        if (facts.role().equals(facts.server().adminRole())) {
            throw BulwarkException.usage("refusing to make " + role + " read-only: it is the role Bulwark connects as to "
                    + "change privileges (the database's url in the config); choose another role for agents");
        }
        ExistingRole existing = facts.existing();
        if (existing != null && existing.bootstrapSuperuser()) {
            throw BulwarkException.usage("refusing: " + role + " is the bootstrap superuser, which PostgreSQL keeps a "
                    + "superuser for ever; create a separate role for agents");
        }
        List<String> owned = facts.ownedObjects();
        if (!owned.isEmpty()) {
            String shown = owned.stream().limit(10).collect(Collectors.joining(", "))
                    + (owned.size() > 10 ? " and " + (owned.size() - 10) + " more" : "");
            throw BulwarkException.usage("refusing: role " + role + " owns " + owned.size() + " object"
                    + (owned.size() == 1 ? "" : "s") + " (" + shown + "), and an owner can alter, drop and write what it owns "
                    + "whatever its privileges say. Give them to another owner first, connected to database "
                    + quote(facts.server().database()) + ":\n  REASSIGN OWNED BY " + role + " TO "
                    + quote(facts.server().adminRole()) + ";\nthen run this again.");
        }
    }

    private PlanSection roleSection() {
        String limit = " CONNECTION LIMIT " + request.limits().connectionLimit();
        if (facts.newRole()) {
            return new PlanSection("A new login role with no special attributes: it cannot bypass privileges or row security, "
                    + "create roles or databases, or replicate; the connection limit caps the sessions a runaway agent can open.",
                    List.of(sql("CREATE ROLE " + role + " LOGIN " + ATTRIBUTES + limit), new SetPassword(facts.role())));
        }
        ExistingRole r = facts.existing();
        String found = r.specialAttributes().isEmpty() ? "no special attributes today"
                : "today it has " + String.join(", ", r.specialAttributes());
        // PostgreSQL lets only superusers name SUPERUSER, REPLICATION or BYPASSRLS in ALTER ROLE, even to say NO; a
        // plan run by a non-superuser (with CREATEROLE) names only the attributes the role actually has
        String attributes = facts.server().adminIsSuperuser() ? ATTRIBUTES + " "
                : r.specialAttributes().stream().map(a -> "NO" + a + " ").collect(Collectors.joining());
        return new PlanSection("Role " + role + " exists (" + found + (r.canLogin() ? "" : " and cannot log in")
                + "): it keeps no special attribute, may log in, and gets a cap on its sessions. Its password is left as it is.",
                List.of(sql("ALTER ROLE " + role + " " + attributes + "LOGIN" + limit)));
    }

    private PlanSection membershipSection() {
        List<Membership> memberships = facts.memberships();
        if (memberships.isEmpty()) return null;
        // PostgreSQL 16 keeps one membership per grantor; a REVOKE without GRANTED BY takes back only the current role's
        boolean perGrantor = facts.server().major() >= 16;
        List<PlanStep> steps = memberships.stream()
                .map(m -> sql("REVOKE " + quote(m.role()) + " FROM " + role
                        + (perGrantor && !m.grantor().isEmpty() ? " GRANTED BY " + quote(m.grantor()) : "")))
                .toList();
        String names = memberships.stream().map(Membership::role).distinct().collect(Collectors.joining(", "));
        return new PlanSection("A member of a role uses that role's privileges; " + role + " is a member of " + names
                + ". A read-only role is a member of none, predefined roles (pg_write_all_data, ...) included.", steps);
    }

    private PlanSection settingsSection() {
        RoleLimits limits = request.limits();
        String statement = RoleLimits.settingValue(limits.statementTimeout());
        String idle = RoleLimits.settingValue(limits.idleInTransactionTimeout());
        List<PlanStep> steps = new ArrayList<>(List.of(
                sql("ALTER ROLE " + role + " SET default_transaction_read_only = on"),
                sql("ALTER ROLE " + role + " SET statement_timeout = " + Identifiers.literal(statement)),
                sql("ALTER ROLE " + role + " SET idle_in_transaction_session_timeout = " + Identifiers.literal(idle))));
        for (SettingOverride o : facts.settingOverrides()) {
            steps.add(sql("ALTER ROLE " + role + " IN DATABASE " + quote(o.database()) + " RESET " + o.setting()));
        }
        return new PlanSection("Every session of " + role + " starts read-only, cancels statements after " + statement
                + " and closes transactions left idle for " + idle + ". Set for the role in every database rather than "
                + "IN DATABASE: the role is read-only wherever it connects, and only a per-database setting of the role "
                + "could override these" + (facts.settingOverrides().isEmpty() ? " (it has none)" : " (so its own are reset)")
                + ". A client can turn default_transaction_read_only off again: it is the second line of defence, the "
                + "privileges are the first.", steps);
    }

    private PlanSection schemaSection(String schema) {
        String s = quote(schema);
        List<PlanStep> steps = new ArrayList<>(List.of(
                sql("GRANT USAGE ON SCHEMA " + s + " TO " + role),
                sql("GRANT SELECT ON ALL TABLES IN SCHEMA " + s + " TO " + role),
                sql("GRANT SELECT ON ALL SEQUENCES IN SCHEMA " + s + " TO " + role)));
        List<Creator> creators = facts.creators().stream().filter(c -> c.schema().equals(schema)).toList();
        for (Creator c : creators) {
            String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(c.role()) + " IN SCHEMA " + s + " GRANT SELECT ON ";
            steps.add(sql(prefix + "TABLES TO " + role));
            steps.add(sql(prefix + "SEQUENCES TO " + role));
        }
        String who = creators.isEmpty() ? "no role" : creators.stream().map(c -> quote(c.role())).collect(Collectors.joining(", "));
        return new PlanSection("Schema " + s + ": USAGE to look names up; SELECT on every table, view, materialized view, "
                + "foreign table and partitioned table, and on sequences (SELECT only: nextval and setval stay denied). "
                + "Default privileges cover what " + who + " create" + (creators.size() == 1 ? "s" : "") + " there later: "
                + "the roles that own objects there, own the schema or may create there, and the role running this plan.",
                steps);
    }

    /** REVOKEs of write grants; one granted by another role than the owner is revoked as its grantor. */
    private PlanSection revokeSection(List<WriteGrant> grants, String grantee, String why) {
        if (grants.isEmpty()) return null;
        String from = grantee == null ? "PUBLIC" : quote(grantee);
        List<PlanStep> steps = new ArrayList<>();
        for (WriteGrant g : grants) {
            String revoke = "REVOKE " + Privileges.list(g.privileges()) + " ON " + g.objectType() + " " + g.objectSql()
                    + " FROM " + from;
            boolean asSelf = g.grantor().equals(facts.server().adminRole())
                    || (facts.server().adminIsSuperuser() && g.grantorIsOwner());
            if (asSelf) {
                steps.add(sql(revoke));
            } else {
                steps.add(sql("SET ROLE " + quote(g.grantor())));
                steps.add(sql(revoke));
                steps.add(sql("RESET ROLE"));
            }
        }
        String listed = grants.stream().map(g -> Privileges.list(g.privileges()) + " on " + g.objectType().toLowerCase()
                + " " + g.display()).distinct().collect(Collectors.joining("; "));
        String asGrantor = steps.size() > grants.size()
                ? " A REVOKE takes back only the grants of the role that runs it (a superuser acts as the owner), so grants "
                        + "made by other roles are revoked as them (SET ROLE)."
                : "";
        return new PlanSection(why + listed + "." + asGrantor, steps);
    }

    private PlanSection defaultRevokeSection(boolean toPublic) {
        List<DefaultWriteGrant> grants = facts.defaultWriteGrants().stream().filter(d -> d.toPublic() == toPublic).toList();
        if (grants.isEmpty()) return null;
        List<PlanStep> steps = grants.stream().map(d -> sql("ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(d.creator())
                + (d.schema() == null ? "" : " IN SCHEMA " + quote(d.schema())) + " REVOKE " + Privileges.list(d.privileges())
                + " ON " + defaultObjects(d.objectType()) + " FROM " + (toPublic ? "PUBLIC" : role))).toList();
        return new PlanSection("Default privileges that would give " + (toPublic ? "PUBLIC (every role)" : role)
                + " write privileges on objects created later: " + grants.stream().map(PlanBuilder::describe)
                .collect(Collectors.joining("; ")) + ".", steps);
    }

    private static String defaultObjects(char type) {
        return switch (type) {
            case 'S' -> "SEQUENCES";
            case 'n' -> "SCHEMAS";
            default -> "TABLES";
        };
    }

    private static String describe(DefaultWriteGrant d) {
        return Privileges.list(d.privileges()) + " on " + defaultObjects(d.objectType()).toLowerCase() + " " + d.creator()
                + " creates" + (d.schema() == null ? "" : " in " + d.schema());
    }

    private List<String> publicWarnings() {
        List<String> out = new ArrayList<>();
        for (WriteGrant g : facts.grantsToPublic()) {
            String what = "PUBLIC holds " + Privileges.list(g.privileges()) + " on " + g.objectType().toLowerCase() + " "
                    + g.display();
            if (g.objectType().equals("DATABASE") && g.privileges().equals(List.of("TEMPORARY"))) {
                out.add(what + ": " + role + " can create temporary tables (private to its session and dropped at its end; "
                        + "they touch no shared data). --revoke-public takes it from PUBLIC.");
            } else {
                out.add(what + ": every role, " + role + " included, can write through it, and the proof after --apply "
                        + "fails until it is revoked (--revoke-public, or REVOKE " + Privileges.list(g.privileges()) + " ON "
                        + g.objectType() + " " + g.objectSql() + " FROM PUBLIC).");
            }
        }
        for (DefaultWriteGrant d : facts.defaultWriteGrants()) {
            if (d.toPublic()) {
                out.add("default privileges give PUBLIC " + describe(d) + ": every role, " + role
                        + " included, could write those objects (--revoke-public revokes them).");
            }
        }
        return out;
    }

    private List<String> otherWarnings() {
        List<String> out = new ArrayList<>();
        for (String f : facts.publicSecurityDefiners()) {
            out.add("SECURITY DEFINER function " + f + " is executable by " + role + " (through PUBLIC or directly): it runs "
                    + "with its owner's privileges, so a call can write whatever the owner may. This command leaves functions "
                    + "alone; review it ('bulwark access audit' reports these) or REVOKE EXECUTE on it FROM PUBLIC.");
        }
        facts.creators().stream().filter(c -> !c.adminCanActAs()).map(Creator::role).distinct().forEach(c ->
                out.add("the role this plan runs as (" + facts.server().adminRole() + ") is not a member of " + quote(c)
                        + ", so ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(c) + " will fail: run the plan as a superuser."));
        for (Map.Entry<String, Integer> e : facts.ownedInOtherDatabases().entrySet()) {
            out.add(role + " owns " + e.getValue() + " object(s) in database " + quote(e.getKey()) + " and can write them "
                    + "there; connected to that database: REASSIGN OWNED BY " + role + " TO " + quote(facts.server().adminRole())
                    + ";");
        }
        return out;
    }

    private static void addIfAny(List<PlanSection> sections, PlanSection section) {
        if (section != null) sections.add(section);
    }

    private static PlanStep sql(String statement) {
        return new PlanStep.Sql(statement + ";");
    }
}
