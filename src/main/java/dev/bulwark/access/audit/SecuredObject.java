package dev.bulwark.access.audit;

import dev.bulwark.postgres.Identifiers;

/**
 * An object that has an owner and privileges.
 *
 * @param schema    null for objects outside schemas (databases, tablespaces, large objects...)
 * @param arguments a routine's argument types (oidvectortypes), which identify it
 */
record SecuredObject(ObjectType type, long oid, String schema, String name, String arguments, long owner) {

    /**
     * How reports name it: relations and sequences as {@code public.orders}, routines as
     * {@code public.purge(integer)}, everything else with its kind: {@code schema public}.
     */
    String display() {
        String base = schema == null ? name : schema + "." + name;
        if (type.isRoutine()) return base + "(" + arguments + ")";
        return type.isRelation() || type == ObjectType.SEQUENCE ? base : type.noun + " " + base;
    }

    /** How SQL names it, quoted and schema-qualified. */
    String sql() {
        if (type == ObjectType.LARGE_OBJECT) return Long.toString(oid);
        String base = schema == null ? Identifiers.quote(name) : Identifiers.qualified(schema, name);
        return type.isRoutine() ? base + "(" + arguments + ")" : base;
    }

    /** {@code TABLE "public"."orders"}, as in REVOKE ... ON TABLE "public"."orders". */
    String grantTarget() {
        return type.grantKeyword + " " + sql();
    }
}
