package dev.bulwark.terraform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resource types whose deletion deletes data: database instances and clusters, storage buckets,
 * disks, volumes, snapshots, tables of managed stores, across AWS, Google Cloud, Azure and a few
 * others. A type is matched exactly or by a pattern with {@code *}; the configuration
 * ({@code terraform.data_bearing}) adds to the built-in list.
 */
public final class DataBearingTypes {
    /** Kept in one place so the README and the code agree; see the README's Terraform section. */
    static final List<String> BUILT_IN = List.of(
            // AWS
            "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_global_cluster",
            "aws_db_snapshot", "aws_db_cluster_snapshot", "aws_rds_cluster_snapshot",
            "aws_dynamodb_table", "aws_dynamodb_global_table", "aws_s3_bucket", "aws_s3_directory_bucket",
            "aws_ebs_volume", "aws_ebs_snapshot", "aws_efs_file_system", "aws_fsx_*_file_system",
            "aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_elasticache_global_replication_group",
            "aws_elasticache_serverless_cache", "aws_memorydb_cluster", "aws_redshift_cluster",
            "aws_redshiftserverless_namespace", "aws_docdb_cluster", "aws_docdb_cluster_instance",
            "aws_docdb_elastic_cluster", "aws_neptune_cluster", "aws_neptune_cluster_instance", "aws_opensearch_domain",
            "aws_elasticsearch_domain", "aws_kinesis_stream", "aws_backup_vault", "aws_keyspaces_table",
            "aws_timestreamwrite_table", "aws_glacier_vault",
            // Google Cloud
            "google_sql_database_instance", "google_sql_database", "google_storage_bucket", "google_compute_disk",
            "google_compute_region_disk", "google_compute_snapshot", "google_bigtable_instance", "google_bigtable_table",
            "google_bigquery_dataset", "google_bigquery_table", "google_spanner_instance", "google_spanner_database",
            "google_firestore_database", "google_alloydb_cluster", "google_alloydb_instance", "google_filestore_instance",
            "google_redis_instance",
            // Azure
            "azurerm_postgresql_server", "azurerm_postgresql_database", "azurerm_postgresql_flexible_server",
            "azurerm_postgresql_flexible_server_database", "azurerm_mssql_server", "azurerm_mssql_database",
            "azurerm_mssql_managed_instance", "azurerm_mysql_server", "azurerm_mysql_database",
            "azurerm_mysql_flexible_server", "azurerm_mysql_flexible_database", "azurerm_cosmosdb_account",
            "azurerm_cosmosdb_*_database", "azurerm_cosmosdb_*_container", "azurerm_cosmosdb_*_collection",
            "azurerm_storage_account", "azurerm_storage_container", "azurerm_storage_share", "azurerm_managed_disk",
            "azurerm_snapshot", "azurerm_redis_cache",
            // others
            "neon_project", "neon_branch", "neon_database", "supabase_project",
            "kubernetes_persistent_volume", "kubernetes_persistent_volume_v1",
            "kubernetes_persistent_volume_claim", "kubernetes_persistent_volume_claim_v1",
            "kubernetes_stateful_set", "kubernetes_stateful_set_v1");

    private final List<String> patterns;
    private final List<Pattern> compiled;

    private DataBearingTypes(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = patterns.stream().map(DataBearingTypes::compile).toList();
    }

    public static DataBearingTypes builtIn() {
        return new DataBearingTypes(BUILT_IN);
    }

    /** The built-in list and {@code extra} types or patterns. */
    public static DataBearingTypes withExtra(Collection<String> extra) {
        List<String> all = new ArrayList<>(BUILT_IN);
        extra.stream().filter(t -> !all.contains(t)).forEach(all::add);
        return new DataBearingTypes(all);
    }

    public boolean matches(String resourceType) {
        return compiled.stream().anyMatch(p -> p.matcher(resourceType).matches());
    }

    public List<String> patterns() {
        return patterns;
    }

    private static Pattern compile(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining("[A-Za-z0-9_]*")));
    }
}
