package dev.bulwark.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;

/**
 * The plan analyser on {@code terraform show -json} output: the terraform_data fixtures were
 * printed by Terraform 1.11; the provider fixtures follow the same shape with the attributes the
 * AWS, Google and Azure providers keep in state.
 */
class PlanAnalyzerTest {
    private final PlanAnalyzer analyzer = new PlanAnalyzer(DataBearingTypes.builtIn());

    @Test
    void anRdsInstanceWhoseBlockWasRemovedIsCalledOutWithEveryMissingSafeguard() {
        PlanAnalysis a = analyze("aws-rds-removed.json");
        assertThat(a.destructive()).isTrue();
        assertThat(a.resourceChanges()).isEqualTo(4);
        assertThat(a.terraformVersion()).isEqualTo("1.9.5");
        // the drifted bucket (deleted outside Terraform) and the data source read are not changes of this plan
        assertThat(a.changes()).singleElement().satisfies(c -> {
            assertThat(c.address()).isEqualTo("aws_db_instance.main");
            assertThat(c.effect()).isEqualTo(ChangeEffect.DELETE);
            assertThat(c.dataBearing()).isTrue();
            assertThat(c.providerName()).isEqualTo("registry.terraform.io/hashicorp/aws");
            assertThat(c.findings()).extracting(Finding::concern).containsExactly(Concern.DATA_BEARING,
                    Concern.DELETION_PROTECTION_OFF, Concern.NO_FINAL_SNAPSHOT, Concern.REMOVED_FROM_CONFIGURATION);
            assertThat(details(c)).contains("deletion_protection = false", "skip_final_snapshot = true");
            assertThat(details(c).get(3)).contains("resource block was removed").contains("prevent_destroy");
        });
        assertThat(a.dataBearingDeletions()).isOne();
    }

    @Test
    void aForceDestroyedBucketAndAReplacedCloudSqlInstanceAreCalledOut() {
        PlanAnalysis a = analyze("gcp-bucket-and-sql.json");
        assertThat(a.changes()).extracting(DestructiveChange::address, DestructiveChange::effect).containsExactly(
                tuple("google_storage_bucket.exports", ChangeEffect.DELETE),
                tuple("google_sql_database_instance.main", ChangeEffect.DELETE_THEN_CREATE),
                tuple("google_sql_database_instance.analytics", ChangeEffect.DELETE));
        assertThat(concerns(a.changes().get(0))).containsExactly(Concern.DATA_BEARING, Concern.FORCE_DESTROY,
                Concern.REMOVED_FROM_CONFIGURATION);
        assertThat(concerns(a.changes().get(1))).containsExactly(Concern.DATA_BEARING, Concern.DELETION_PROTECTION_OFF);
        assertThat(details(a.changes().get(1))).contains("deletion_protection = false and settings.deletion_protection_enabled = false");
        assertThat(a.changes().get(1).actionReason()).isEqualTo("replace_because_cannot_update");
        // Cloud SQL's server-side protection still stops this deletion: not reported as unprotected
        assertThat(concerns(a.changes().get(2))).containsExactly(Concern.DATA_BEARING, Concern.REMOVED_FROM_CONFIGURATION);
        assertThat(a.dataBearingDeletions()).isEqualTo(3);
    }

    @Test
    void anAzureFlexibleServerReplacedCreateBeforeDestroyStillDestroysItsData() {
        PlanAnalysis a = analyze("azure-flexible-server.json");
        assertThat(a.changes()).extracting(DestructiveChange::address, DestructiveChange::effect, DestructiveChange::dataBearing)
                .containsExactly(tuple("azurerm_postgresql_flexible_server.main", ChangeEffect.CREATE_THEN_DELETE, true),
                        tuple("azurerm_postgresql_flexible_server_database.app", ChangeEffect.DELETE, true));
        assertThat(concerns(a.changes().get(0))).containsExactly(Concern.DATA_BEARING);
        assertThat(a.destructive()).isTrue();
    }

    @Test
    void resourcesInModulesAreFoundWithTheirFullAddressesAndReasons() {
        PlanAnalysis a = analyze("aws-modules.json");
        assertThat(a.changes()).extracting(DestructiveChange::address, DestructiveChange::moduleAddress, DestructiveChange::effect)
                .containsExactly(
                        tuple("module.data.aws_db_instance.replica[1]", "module.data", ChangeEffect.DELETE),
                        tuple("module.data.module.logs.aws_s3_bucket.archive[\"eu\"]", "module.data.module.logs", ChangeEffect.DELETE),
                        tuple("module.old.aws_rds_cluster.legacy", "module.old", ChangeEffect.DELETE),
                        tuple("module.cache.aws_elasticache_replication_group.main", "module.cache", ChangeEffect.DELETE),
                        tuple("aws_dynamodb_table.sessions", null, ChangeEffect.DELETE_THEN_CREATE));
        // protected, with a final snapshot: only its count index went
        assertThat(concerns(a.changes().get(0))).containsExactly(Concern.DATA_BEARING, Concern.REMOVED_FROM_CONFIGURATION);
        assertThat(details(a.changes().get(0)).get(1)).contains("count index");
        assertThat(details(a.changes().get(1)).get(1)).contains("for_each key");
        assertThat(concerns(a.changes().get(2))).containsExactly(Concern.DATA_BEARING, Concern.DELETION_PROTECTION_OFF,
                Concern.NO_FINAL_SNAPSHOT, Concern.REMOVED_FROM_CONFIGURATION);
        assertThat(details(a.changes().get(2))).contains("final_snapshot_identifier is not set");
        assertThat(details(a.changes().get(2)).get(3)).contains("module block was removed");
        assertThat(a.changes().get(3).deposed()).isEqualTo("3f2a1b0c");
        assertThat(concerns(a.changes().get(4))).containsExactly(Concern.DATA_BEARING, Concern.DELETION_PROTECTION_OFF);
        assertThat(details(a.changes().get(4))).contains("deletion_protection_enabled = false");
        assertThat(PlanSummary.headline(a)).isEqualTo("destroys 5 resources (5 data-bearing)");
    }

    @Test
    void realTerraformPlansOfRemovedBlocksReplacesAndCountIndexes() {
        PlanAnalysis removed = analyze("terraform-data-removed-block.json");
        assertThat(removed.changes()).singleElement().satisfies(c -> {
            assertThat(c.address()).isEqualTo("terraform_data.db");
            assertThat(c.actionReason()).isEqualTo("delete_because_no_resource_config");
            assertThat(c.dataBearing()).isFalse();
            assertThat(concerns(c)).containsExactly(Concern.REMOVED_FROM_CONFIGURATION);
        });
        assertThat(removed.resourceChanges()).isEqualTo(3);

        PlanAnalysis replace = analyze("terraform-data-replace.json");
        assertThat(replace.changes()).extracting(DestructiveChange::address, DestructiveChange::effect).containsExactly(
                tuple("terraform_data.cache", ChangeEffect.CREATE_THEN_DELETE),
                tuple("terraform_data.other", ChangeEffect.DELETE_THEN_CREATE));
        assertThat(replace.changes()).allSatisfy(c -> assertThat(c.findings()).isEmpty());

        assertThat(analyze("terraform-data-count-index.json").changes()).singleElement()
                .satisfies(c -> assertThat(c.address()).isEqualTo("module.store.terraform_data.vol[1]"));
    }

    @Test
    void aForgetIsReportedButDestroysNothing() {
        PlanAnalysis a = analyze("terraform-data-forget.json");
        assertThat(a.changes()).singleElement().satisfies(c -> {
            assertThat(c.address()).isEqualTo("terraform_data.other");
            assertThat(c.effect()).isEqualTo(ChangeEffect.FORGET);
            assertThat(c.destroys()).isFalse();
            // a removed block with destroy = false is not the prevent_destroy trap: nothing is deleted
            assertThat(concerns(c)).containsExactly(Concern.LEAVES_STATE);
        });
        assertThat(a.destructive()).isFalse();
        assertThat(a.forgets()).isOne();
        assertThat(PlanSummary.headline(a)).startsWith("forgets 1");
        assertThat(PlanSummary.lines(a)).first().asString().startsWith("forget  terraform_data.other");
    }

    @Test
    void plansThatDestroyNothingNeedNoApproval() {
        PlanAnalysis noDestroy = analyze("terraform-data-no-destroy.json");
        assertThat(noDestroy.destructive()).isFalse();
        assertThat(noDestroy.changes()).isEmpty();
        assertThat(noDestroy.resourceChanges()).isEqualTo(4);
        PlanAnalysis empty = analyze("terraform-data-empty.json");
        assertThat(empty.changes()).isEmpty();
        assertThat(empty.resourceChanges()).isZero();
        assertThat(PlanSummary.headline(empty)).isEqualTo("destroys nothing");
    }

    @Test
    void actionsThisVersionDoesNotKnowCountAsDestructive() {
        PlanAnalysis a = analyzer.analyze("""
                {"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket",
                 "name":"b","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["archive"],"before":{}}}]}""");
        assertThat(a.destructive()).isTrue();
        assertThat(concerns(a.changes().get(0))).containsExactly(Concern.UNKNOWN_ACTIONS, Concern.DATA_BEARING);
    }

    @Test
    void configuredTypesAndPatternsAreDataBearingToo() {
        DataBearingTypes types = DataBearingTypes.withExtra(List.of("terraform_data", "acme_*_volume"));
        assertThat(types.matches("terraform_data")).isTrue();
        assertThat(types.matches("acme_fast_volume")).isTrue();
        assertThat(types.matches("acme_volume_attachment")).isFalse();
        assertThat(types.matches("aws_fsx_lustre_file_system")).isTrue();
        assertThat(types.matches("aws_instance")).isFalse();
        assertThat(new PlanAnalyzer(types).analyze(read("terraform-data-removed-block.json")).dataBearingDeletions()).isOne();
    }

    @Test
    void outputThatIsNotAPlanIsAnEnvironmentError() {
        assertThatThrownBy(() -> analyzer.analyze("not json")).isInstanceOfSatisfying(BulwarkException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT)).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> analyzer.analyze("{\"format_version\":\"0.1\"}")).hasMessageContaining("Terraform 1.0");
        assertThatThrownBy(() -> analyzer.analyze("[]")).hasMessageContaining("no format_version");
    }

    private PlanAnalysis analyze(String fixture) {
        return analyzer.analyze(read(fixture));
    }

    private static List<Concern> concerns(DestructiveChange c) {
        return c.findings().stream().map(Finding::concern).toList();
    }

    private static List<String> details(DestructiveChange c) {
        return c.findings().stream().map(Finding::detail).toList();
    }

    static String read(String fixture) {
        try (InputStream in = PlanAnalyzerTest.class.getResourceAsStream("/terraform/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
