package dev.bulwark.hooks.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.hooks.TestPolicy;
import dev.bulwark.hooks.judge.ProtectedData.ProtectedPath;

/** What the command table cannot show: files on disk, the working directory, reasons, and other policies. */
class CommandJudgeTest {
    private static final CommandJudge STANDARD = new CommandJudge(TestPolicy.standard());

    @TempDir
    Path dir;

    private static Verdict judge(String command) {
        return STANDARD.judge(command, TestPolicy.CWD);
    }

    private CommandJudge withRepository(Path repository) {
        HookPolicy p = TestPolicy.standard();
        return new CommandJudge(new HookPolicy(p.production(), new ProtectedData(
                List.of(new ProtectedPath(repository, "the Bulwark repository")), null), p.plans(), p.environment()));
    }

    @Test
    void relativePathsResolveAgainstTheEventsDirectory() {
        assertThat(STANDARD.judge("rm -rf bulwark", Path.of("/var/lib")).decision()).isEqualTo(Decision.DENY);
        assertThat(STANDARD.judge("rm -rf bulwark", Path.of("/home/dev")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(STANDARD.judge("rm -rf ../lib/bulwark", Path.of("/var/cache")).decision()).isEqualTo(Decision.DENY);
        assertThat(judge("cd $(mktemp -d) && rm -rf *").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void unknownDirectoriesAndVariablesAreMatchedByTheNamesThatAreKnown() {
        assertThat(judge("rm -rf \"$BACKUP_ROOT/bulwark\"").decision()).isEqualTo(Decision.DENY);
        assertThat(judge("cd \"$WORK\" && rm -rf bulwark").decision()).isEqualTo(Decision.DENY);
        assertThat(judge("cd \"$WORK\" && rm -rf build").decision()).isEqualTo(Decision.ALLOW);
        assertThat(judge("rm -rf \"$TARGET_DIR\"").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void symbolicLinksAndDataDirectoriesAreFollowed() throws Exception {
        Path repository = Files.createDirectories(dir.resolve("repo"));
        Files.createSymbolicLink(dir.resolve("current"), repository);
        CommandJudge judge = withRepository(repository);
        assertThat(judge.judge("rm -rf current/", dir).decision()).isEqualTo(Decision.DENY);

        Path data = Files.createDirectories(dir.resolve("pgdata"));
        Files.writeString(data.resolve("PG_VERSION"), "16\n");
        Verdict v = judge.judge("rm -rf pgdata/pg_wal", dir);
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reason()).contains("PostgreSQL data directory");
    }

    @Test
    void scriptsManifestsAndSqlFilesOnDiskAreRead() throws Exception {
        Files.writeString(dir.resolve("deploy.sh"), "#!/usr/bin/env bash\nset -e\nterraform destroy -auto-approve\n");
        Files.writeString(dir.resolve("ok.sh"), "#!/bin/sh\necho fine\n");
        Files.writeString(dir.resolve("db.yaml"), "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: pg\n");
        Files.writeString(dir.resolve("web.yaml"), "apiVersion: apps/v1\nkind: Deployment\n");
        Files.writeString(dir.resolve("drop.sql"), "BEGIN;\nDROP TABLE users;\nCOMMIT;\n");
        Files.writeString(dir.resolve("report.sql"), "SELECT count(*) FROM users;\n\\i drop.sql\n");
        Files.writeString(dir.resolve("read.sql"), "SELECT count(*) FROM users;\n");
        for (String denied : List.of("bash deploy.sh", "./deploy.sh", "source deploy.sh", "kubectl delete -f db.yaml",
                "psql -f drop.sql", "psql scratch < drop.sql", "cat drop.sql | psql", "psql -f report.sql")) {
            assertThat(new CommandJudge(TestPolicy.standard()).judge(denied, dir).decision()).as(denied).isEqualTo(Decision.DENY);
        }
        for (String allowed : List.of("bash ok.sh", "./ok.sh", "kubectl delete -f web.yaml", "psql -h db.internal app -f read.sql")) {
            assertThat(new CommandJudge(TestPolicy.standard()).judge(allowed, dir).decision()).as(allowed).isEqualTo(Decision.ALLOW);
        }
    }

    @Test
    void variablesSetEarlierOnTheLineCount() {
        assertThat(judge("PGHOST=db.internal; export PGHOST; psql app -c 'INSERT INTO t VALUES (1)'").decision())
                .isEqualTo(Decision.DENY);
        assertThat(judge("export DATABASE_URL=postgresql://dev@localhost/scratch && psql $DATABASE_URL -c 'INSERT INTO t VALUES (1)'")
                .decision()).isEqualTo(Decision.ALLOW);
        assertThat(judge("cat tables.txt | xargs -n1 dropdb").decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void productionFindingsNameTheDatabaseAndEveryReasonIsGiven() {
        Verdict v = judge("psql -h db.internal app -c 'TRUNCATE users'");
        assertThat(v.database()).isEqualTo("app");
        assertThat(v.reason()).contains("TRUNCATE users").contains("production database app");

        Verdict both = judge("dropdb scratch; terraform destroy");
        assertThat(both.reason()).contains("dropdb").contains("terraform destroy");
        assertThat(judge("ls").reason()).isEqualTo("nothing destructive found");
    }

    @Test
    void withoutConfigurationOnlyTheGenericRulesApply() {
        CommandJudge none = new CommandJudge(new HookPolicy(ProductionDatabases.none(), ProtectedData.NONE, new UnapprovedPlans(), Map.of()));
        assertThat(none.judge("psql -h db.internal app -c 'INSERT INTO t VALUES (1)'", TestPolicy.CWD).decision()).isEqualTo(Decision.ALLOW);
        assertThat(none.judge("psql -h db.internal app -c 'DROP TABLE t'", TestPolicy.CWD).decision()).isEqualTo(Decision.DENY);
        assertThat(none.judge("aws s3 rb s3://acme-backups --force", TestPolicy.CWD).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void anUnreadableConfigurationMakesEveryDatabaseProduction() {
        CommandJudge unknown = new CommandJudge(new HookPolicy(ProductionDatabases.unknownConfiguration(), ProtectedData.NONE,
                new UnapprovedPlans(), Map.of()));
        assertThat(unknown.judge("psql -d scratch -c 'INSERT INTO t VALUES (1)'", TestPolicy.CWD).decision()).isEqualTo(Decision.DENY);
        assertThat(unknown.judge("psql -d scratch -c 'SELECT 1'", TestPolicy.CWD).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void terraformApplyAsksThePlanApprovals() {
        List<PlanApprovals.TerraformApply> asked = new ArrayList<>();
        PlanApprovals approvesOnePlan = apply -> {
            asked.add(apply);
            return "approved.tfplan".equals(apply.planFile()) ? Verdict.allow("approved") : Verdict.deny("not approved");
        };
        HookPolicy p = TestPolicy.standard();
        CommandJudge judge = new CommandJudge(new HookPolicy(p.production(), p.protectedData(), approvesOnePlan, p.environment()));
        assertThat(judge.judge("terraform -chdir=infra apply -input=false approved.tfplan", TestPolicy.CWD).decision())
                .isEqualTo(Decision.ALLOW);
        assertThat(asked.get(0).workingDirectory()).isEqualTo(TestPolicy.CWD.resolve("infra"));
        assertThat(asked.get(0).program()).isEqualTo("terraform");
        assertThat(judge.judge("tofu apply other.tfplan", TestPolicy.CWD).decision()).isEqualTo(Decision.DENY);
        assertThat(judge.judge("terraform apply -auto-approve approved.tfplan", TestPolicy.CWD).decision()).isEqualTo(Decision.DENY);
        assertThat(judge.judge("terraform apply -destroy approved.tfplan", TestPolicy.CWD).decision()).isEqualTo(Decision.DENY);
        assertThat(asked).hasSize(2);
    }

    @Test
    void everyPlainApplyIsSentToBulwarkTfEvenOfAnApprovedPlan() {
        assertThat(judge("terraform apply").reason()).contains("apply a plan approved with bulwark tf apply");
        assertThat(judge("terraform apply -auto-approve").reason()).contains("apply a plan approved with bulwark tf apply");
        Verdict saved = judge("terraform apply approved.tfplan");
        assertThat(saved.decision()).isEqualTo(Decision.DENY);
        assertThat(saved.reason()).contains("run bulwark tf apply approved.tfplan").contains("bulwark tf check approved.tfplan");
        assertThat(judge("./bulwark tf apply approved.tfplan").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void deeplyNestedShellsAreRefusedRatherThanFollowedForever() {
        assertThat(judge("eval ".repeat(10) + "ls").decision()).isEqualTo(Decision.ALLOW);
        Verdict v = judge("eval ".repeat(40) + "ls");
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reason()).contains("nested too deeply");
        assertThat(judge("nice ".repeat(100) + "ls").reason()).contains("nested too deeply");
    }
}
