package dev.bulwark.access.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RoleGraphTest {
    static Role role(long oid, String name, boolean inherit) {
        return new Role(oid, name, false, inherit, false, false, true, false, false, -1);
    }

    static Map<Long, Role> roles(Role... roles) {
        Map<Long, Role> out = new LinkedHashMap<>();
        for (Role r : roles) out.put(r.oid(), r);
        return out;
    }

    /** A grant of {@code role} to {@code member}; options as PostgreSQL 16 records them. */
    static Membership grant(Role role, Role member, boolean inherit, boolean set) {
        return new Membership(role.oid(), member.oid(), 10, false, inherit, set, false);
    }

    final Role agent = role(100, "agent", true);
    final Role team = role(101, "team", true);
    final Role rw = role(102, "app_rw", true);
    final Role admin = role(103, "admin", true);

    @Test
    void followsMembershipsToTheEndByTheShortestRoute() {
        var graph = new RoleGraph(roles(agent, team, rw, admin), List.of(grant(team, agent, true, true),
                grant(admin, team, true, true), grant(rw, admin, true, true), grant(rw, agent, true, true)), 15);
        Reach reach = graph.reach(agent, false);
        assertThat(reach.to(rw.oid()).orElseThrow().path()).containsExactly("agent", "app_rw");
        assertThat(reach.to(admin.oid()).orElseThrow().path()).containsExactly("agent", "team", "admin");
        assertThat(reach.to(0).orElseThrow().path()).containsExactly("agent", "PUBLIC");
    }

    @Test
    void cyclesEnd() {
        var graph = new RoleGraph(roles(agent, team, rw), List.of(grant(team, agent, true, true), grant(rw, team, true, true),
                grant(team, rw, true, true)), 15);
        assertThat(graph.reach(agent, false).routes()).containsOnlyKeys(agent.oid(), team.oid(), rw.oid());
    }

    @Test
    void beforeSixteenANoinheritMemberReachesByAllSetRoleAndAnInheritingOneByBoth() {
        Role noinherit = role(104, "noinherit", false);
        var graph = new RoleGraph(roles(noinherit, team, rw), List.of(grant(team, noinherit, true, true),
                grant(rw, team, true, true)), 15);
        Route route = graph.reach(noinherit, false).to(rw.oid()).orElseThrow();
        assertThat(route.inherited()).isFalse();
        assertThat(route.settable()).isTrue();
        assertThat(graph.reach(noinherit, true).contains(rw.oid())).isFalse();
        assertThat(graph.reach(team, true).to(rw.oid()).orElseThrow().inherited()).isTrue();
    }

    @Test
    void fromSixteenEachGrantSaysWhetherItInheritsAndAllowsSetRole() {
        var graph = new RoleGraph(roles(agent, team, rw, admin), List.of(grant(team, agent, true, false),
                grant(rw, team, false, true), grant(admin, agent, false, true)), 16);
        Reach reach = graph.reach(agent, false);
        // inherit-only then set-only: neither kind of route reaches app_rw
        assertThat(reach.contains(rw.oid())).isFalse();
        assertThat(reach.to(team.oid()).orElseThrow().settable()).isFalse();
        Route toAdmin = reach.to(admin.oid()).orElseThrow();
        assertThat(toAdmin.settable()).isTrue();
        assertThat(toAdmin.inherited()).isFalse();
    }

    @Test
    void superusersOnTheWayAreNotPrivilegeHolders() {
        Role root = new Role(105, "root", true, true, false, false, false, false, false, -1);
        var graph = new RoleGraph(roles(agent, root), List.of(grant(root, agent, true, true)), 15);
        Reach reach = graph.reach(agent, false);
        assertThat(reach.contains(root.oid())).isTrue();
        assertThat(reach.to(root.oid())).isEmpty();
    }
}
