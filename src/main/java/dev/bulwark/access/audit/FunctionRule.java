package dev.bulwark.access.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * EXECUTE on routines that act beyond the caller's own privileges: SECURITY DEFINER routines whose
 * owner can write (the caller writes as the owner), and the server's risky functions. Routines are
 * executable by PUBLIC unless someone revoked that, so the real ACL decides.
 */
record FunctionRule() implements AuditRule {

    private record RiskyKey(RiskyFunctions family, long grantee, long grantor, long owner, boolean grantable) {}

    @Override
    public void inspect(AuditContext ctx, Reach reach, List<Finding> out) {
        Map<Long, List<Grant>> executable = new HashMap<>();
        for (Grant g : ctx.catalog.grants()) {
            if (g.object().type().isRoutine() && "EXECUTE".equals(g.privilege()) && reach.to(g.grantee()).isPresent()) {
                executable.computeIfAbsent(g.object().oid(), k -> new ArrayList<>()).add(g);
            }
        }
        Map<RiskyKey, List<Routine>> risky = new LinkedHashMap<>();
        for (Routine routine : ctx.catalog.routines()) {
            List<Grant> grants = executable.getOrDefault(routine.object().oid(), List.of());
            // A routine the role owns (or can act as the owner of) runs with nothing it does not already have.
            if (grants.isEmpty() || reach.contains(routine.object().owner())) continue;
            if (routine.securityDefiner() && !routine.system()) {
                Optional<String> writes = ctx.writes(ctx.catalog.role(routine.object().owner()));
                if (writes.isPresent()) grants.forEach(g -> out.add(securityDefiner(ctx, reach, routine, g, writes.get())));
            }
            Optional<RiskyFunctions> family = RiskyFunctions.of(routine);
            if (family.isPresent()) {
                for (Grant g : grants) {
                    risky.computeIfAbsent(new RiskyKey(family.get(), g.grantee(), g.grantor(), routine.object().owner(),
                            g.grantable()), k -> new ArrayList<>()).add(routine);
                }
            }
        }
        risky.forEach((key, routines) -> out.add(riskyFunctions(ctx, reach, key, routines)));
    }

    private static Finding securityDefiner(AuditContext ctx, Reach reach, Routine routine, Grant g, String ownerWrites) {
        SecuredObject f = routine.object();
        Route route = reach.to(g.grantee()).orElseThrow();
        String owner = ctx.catalog.roleName(f.owner());
        String holderFix = Fixes.revoke("EXECUTE", f.grantTarget(), route.holder(), ctx.catalog.role(g.grantor()), f.owner(),
                g.grantable());
        return ctx.finding(reach, route, !route.inherited(), Severity.CRITICAL, FindingKind.SECURITY_DEFINER_FUNCTION, f.display(),
                "EXECUTE on " + f.display(), "SECURITY DEFINER: runs as " + owner + ", who can write (" + ownerWrites
                        + "); the caller changes whatever it changes", holderFix, true, publicNote(route));
    }

    private static Finding riskyFunctions(AuditContext ctx, Reach reach, RiskyKey key, List<Routine> routines) {
        Route route = reach.to(key.grantee()).orElseThrow();
        String names = routines.stream().map(r -> r.object().display()).collect(Collectors.joining(", "));
        String target = "FUNCTION " + routines.stream().map(r -> r.object().sql()).collect(Collectors.joining(", "));
        String holderFix = Fixes.revoke("EXECUTE", target, route.holder(), ctx.catalog.role(key.grantor()), key.owner(),
                key.grantable());
        String object = routines.size() <= 3 ? routines.stream().map(r -> r.object().name()).collect(Collectors.joining(", "))
                : routines.get(0).object().name() + " and " + (routines.size() - 1) + " more";
        return ctx.finding(reach, route, !route.inherited(), key.family().severity, FindingKind.RISKY_FUNCTION, names,
                "EXECUTE on " + object, key.family().allows, holderFix, key.family().writePath, publicNote(route));
    }

    private static String publicNote(Route route) {
        return route.holder().isPublic()
                ? "routines are executable by PUBLIC unless revoked: grant EXECUTE to the roles that need it first" : null;
    }
}
