package dev.bulwark.access.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.bulwark.postgres.Identifiers;

/**
 * Objects owned by the role or by a role it can act as. No grant limits an owner: it can alter,
 * drop and write what it owns and grant all of that to others.
 */
record OwnershipRule() implements AuditRule {

    /** Past this many large objects of one owner the fix loops over them instead of listing them. */
    private static final int LISTED_LARGE_OBJECTS = 20;

    @Override
    public void inspect(AuditContext ctx, Reach reach, List<Finding> out) {
        Map<Long, List<SecuredObject>> largeObjects = new LinkedHashMap<>();
        Role newOwner = ctx.newOwner(reach);
        for (SecuredObject o : ctx.catalog.owned()) {
            if (o.owner() == Role.PUBLIC.oid() || reach.to(o.owner()).isEmpty()) continue;
            if (o.type() == ObjectType.LARGE_OBJECT) {
                largeObjects.computeIfAbsent(o.owner(), k -> new ArrayList<>()).add(o);
                continue;
            }
            Route route = reach.to(o.owner()).orElseThrow();
            out.add(ctx.finding(reach, route, !route.inherited(), severity(ctx, o), FindingKind.OWNERSHIP, o.display(),
                    "owner of " + o.display(), allows(o), Fixes.alterOwner(o.type(), o.sql(), newOwner), true,
                    note(route, newOwner)));
        }
        largeObjects.forEach((owner, objects) -> {
            Route route = reach.to(owner).orElseThrow();
            String display = objects.size() + " large object" + (objects.size() == 1 ? "" : "s");
            out.add(ctx.finding(reach, route, !route.inherited(), Severity.CRITICAL, FindingKind.OWNERSHIP, display,
                    "owner of " + display, "read, overwrite and delete them (lo_unlink), and grant that to others",
                    largeObjectsFix(route.holder(), objects, newOwner), true, note(route, newOwner)));
        });
    }

    private static Severity severity(AuditContext ctx, SecuredObject o) {
        if (o.type().holdsData) return Severity.CRITICAL;
        return switch (o.type()) {
            case SCHEMA -> ctx.catalog.schemasWithData().contains(o.name()) ? Severity.CRITICAL : Severity.HIGH;
            case TABLESPACE, FOREIGN_DATA_WRAPPER, FOREIGN_SERVER -> Severity.MEDIUM;
            default -> Severity.HIGH;
        };
    }

    private static String allows(SecuredObject o) {
        return switch (o.type()) {
            case TABLE, PARTITIONED_TABLE, FOREIGN_TABLE -> "write, truncate, alter and drop it, and grant any of that to others";
            case MATERIALIZED_VIEW -> "refresh, alter and drop it";
            case VIEW -> "replace its query, drop it, and write through it";
            case SEQUENCE -> "reset or drop it";
            case FUNCTION, PROCEDURE -> "replace its code, which then runs for every caller (as the owner when SECURITY DEFINER)";
            case TYPE, DOMAIN -> "alter or drop it; DROP ... CASCADE also drops the columns that use it";
            case SCHEMA -> "drop it with everything in it, whoever owns the contents, and create objects in it";
            case DATABASE -> "drop the database, change its settings and grant on it";
            case TABLESPACE -> "drop it and grant CREATE on it";
            case FOREIGN_DATA_WRAPPER, FOREIGN_SERVER -> "change where it connects and grant USAGE on it";
            case LANGUAGE, LARGE_OBJECT -> "alter and drop it";
        };
    }

    private static String note(Route route, Role newOwner) {
        if (route.viaMembership()) return null;
        String who = route.holder().sql();
        return "ownership goes to " + newOwner.sql() + ": name the role that should own it if that is another; "
                + "REASSIGN OWNED BY " + who + " TO " + newOwner.sql() + " moves everything " + who + " owns in this database";
    }

    private static String largeObjectsFix(Role owner, List<SecuredObject> objects, Role newOwner) {
        if (objects.size() <= LISTED_LARGE_OBJECTS) {
            return objects.stream().map(o -> Fixes.alterOwner(ObjectType.LARGE_OBJECT, o.sql(), newOwner))
                    .collect(Collectors.joining(" "));
        }
        return "DO $$DECLARE o oid; BEGIN FOR o IN SELECT oid FROM pg_catalog.pg_largeobject_metadata WHERE lomowner = "
                + owner.oid() + " LOOP EXECUTE format('ALTER LARGE OBJECT %s OWNER TO %I', o, "
                + Identifiers.literal(newOwner.name()) + "); END LOOP; END$$;";
    }
}
