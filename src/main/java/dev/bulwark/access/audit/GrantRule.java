package dev.bulwark.access.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.bulwark.postgres.Identifiers;

/**
 * Privileges on tables, columns, sequences, large objects, schemas, databases, tablespaces,
 * languages, foreign-data wrappers and servers, held by the role, by a role it can act as, or by
 * PUBLIC. One finding per object, privilege and grant (grantee, grantor): one REVOKE removes it.
 * A column privilege covers all the columns granted alike; large objects, many and alike, are
 * reported together per owner.
 */
record GrantRule() implements AuditRule {

    private record Key(String object, long grantee, long grantor, boolean grantable, boolean column, String privilege) {}

    @Override
    public void inspect(AuditContext ctx, Reach reach, List<Finding> out) {
        Map<Key, List<Grant>> groups = new LinkedHashMap<>();
        for (Grant g : ctx.catalog.grants()) {
            if (g.object().type().isRoutine() || reach.to(g.grantee()).isEmpty()) continue;
            if (PrivilegeRisk.of(ctx.catalog, g.object(), g.privilege()) == null) continue;
            String object = g.object().type() == ObjectType.LARGE_OBJECT ? "lo/" + g.object().owner()
                    : g.object().type() + "/" + g.object().oid();
            groups.computeIfAbsent(new Key(object, g.grantee(), g.grantor(), g.grantable(), g.column() != null, g.privilege()),
                    k -> new ArrayList<>()).add(g);
        }
        groups.values().forEach(grants -> out.add(finding(ctx, reach, grants)));
    }

    private static Finding finding(AuditContext ctx, Reach reach, List<Grant> grants) {
        Grant first = grants.get(0);
        SecuredObject object = first.object();
        Route route = reach.to(first.grantee()).orElseThrow();
        PrivilegeRisk risk = PrivilegeRisk.of(ctx.catalog, object, first.privilege());
        List<SecuredObject> objects = grants.stream().map(Grant::object).distinct()
                .sorted(Comparator.comparingLong(SecuredObject::oid)).toList();
        String display = objects.size() == 1 ? object.display()
                : objects.size() + " large objects (" + objects.stream().limit(5).map(o -> Long.toString(o.oid()))
                        .collect(Collectors.joining(", ")) + (objects.size() > 5 ? ", ..." : "") + ")";
        String target = object.type().grantKeyword + " " + objects.stream().map(SecuredObject::sql).collect(Collectors.joining(", "));
        String holderFix = Fixes.revoke(privilege(grants, Identifiers::quote), target, route.holder(),
                ctx.catalog.role(first.grantor()), object.owner(), first.grantable());
        String note = route.holder().isPublic() ? "PUBLIC is every role: grant the privilege to the roles that need it first" : null;
        if (first.grantor() != object.owner()) {
            String grantor = ctx.catalog.roleName(first.grantor());
            note = (note == null ? "" : note + "; ") + "granted by " + grantor + " with its grant option, so revoked as " + grantor;
        }
        return ctx.finding(reach, route, !route.inherited(), risk.severity(), kind(first), display,
                privilege(grants, UnaryOperator.identity()) + " on " + display, risk.effect(), holderFix, risk.writePath(), note);
    }

    /** {@code INSERT} or, for columns, {@code INSERT (a, b)}. */
    private static String privilege(List<Grant> grants, UnaryOperator<String> columnName) {
        TreeSet<String> columns = grants.stream().map(Grant::column).filter(c -> c != null)
                .collect(Collectors.toCollection(TreeSet::new));
        String privilege = grants.get(0).privilege();
        return columns.isEmpty() ? privilege
                : privilege + " (" + columns.stream().map(columnName).collect(Collectors.joining(", ")) + ")";
    }

    private static FindingKind kind(Grant g) {
        if (g.column() != null) return FindingKind.COLUMN_PRIVILEGE;
        return switch (g.object().type()) {
            case SEQUENCE -> FindingKind.SEQUENCE_PRIVILEGE;
            case LARGE_OBJECT -> FindingKind.LARGE_OBJECT_PRIVILEGE;
            case SCHEMA -> FindingKind.SCHEMA_PRIVILEGE;
            case DATABASE -> FindingKind.DATABASE_PRIVILEGE;
            case TABLESPACE -> FindingKind.TABLESPACE_PRIVILEGE;
            case LANGUAGE -> FindingKind.LANGUAGE_PRIVILEGE;
            case FOREIGN_DATA_WRAPPER -> FindingKind.FOREIGN_DATA_WRAPPER_PRIVILEGE;
            case FOREIGN_SERVER -> FindingKind.FOREIGN_SERVER_PRIVILEGE;
            default -> FindingKind.TABLE_PRIVILEGE;
        };
    }
}
