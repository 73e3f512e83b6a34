package dev.bulwark.access.audit;

import java.util.List;
import java.util.stream.Collectors;

import dev.bulwark.postgres.Identifiers;

/** The SQL that removes a finding, with every identifier quoted. */
final class Fixes {
    private Fixes() {}

    /**
     * REVOKE of privileges from a grantee. A superuser's REVOKE acts as the object's owner and so
     * leaves alone what another grantor (one holding the grant option) granted: such a grant is
     * revoked as its grantor. CASCADE takes along what the grantee passed on with its grant option.
     */
    static String revoke(String privileges, String target, Role grantee, Role grantor, long owner, boolean grantable) {
        String revoke = "REVOKE " + privileges + " ON " + target + " FROM " + grantee.sql() + (grantable ? " CASCADE" : "") + ";";
        if (grantor == null || grantor.oid() == owner) return revoke;
        return "SET ROLE " + grantor.sql() + "; " + revoke + " RESET ROLE;";
    }

    /** Ends the membership that a route's step stands on, for every grantor it was granted by. */
    static String revokeMembership(CatalogSnapshot catalog, Membership edge, Role newDatabaseOwner) {
        if (edge.implicitDatabaseOwner()) {
            return alterOwner(ObjectType.DATABASE, Identifiers.quote(catalog.database()), newDatabaseOwner);
        }
        Role role = catalog.role(edge.role());
        Role member = catalog.role(edge.member());
        if (catalog.major() < 16) return "REVOKE " + role.sql() + " FROM " + member.sql() + ";";
        // From 16 the same membership can be granted by several grantors; each grant is revoked on its own.
        List<Membership> grants = catalog.memberships().stream()
                .filter(m -> m.role() == edge.role() && m.member() == edge.member() && !m.implicitDatabaseOwner()).toList();
        return grants.stream().map(m -> "REVOKE " + role.sql() + " FROM " + member.sql() + " GRANTED BY "
                + catalog.role(m.grantor()).sql() + (m.admin() ? " CASCADE" : "") + ";").collect(Collectors.joining(" "));
    }

    static String alterOwner(ObjectType type, String sqlName, Role newOwner) {
        return "ALTER " + type.alterKeyword + " " + sqlName + " OWNER TO " + newOwner.sql() + ";";
    }

    static String alterRole(Role role, String clause) {
        return "ALTER ROLE " + role.sql() + " " + clause + ";";
    }
}
