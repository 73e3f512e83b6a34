package dev.bulwark.access.audit;

import java.util.List;

/** One family of write paths: looks at what a role can reach and adds a finding per path. */
sealed interface AuditRule permits AttributeRule, PredefinedRoleRule, GrantRule, OwnershipRule, FunctionRule,
        DefaultPrivilegeRule, LargeObjectCompatRule {

    List<AuditRule> ALL = List.of(new AttributeRule(), new PredefinedRoleRule(), new GrantRule(), new OwnershipRule(),
            new FunctionRule(), new DefaultPrivilegeRule(), new LargeObjectCompatRule());

    void inspect(AuditContext ctx, Reach reach, List<Finding> out);
}
