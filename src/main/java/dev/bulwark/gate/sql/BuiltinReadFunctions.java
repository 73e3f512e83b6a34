package dev.bulwark.gate.sql;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Built-in functions (and function-like SQL syntax) that only read: aggregates, window functions,
 * string, math, date/time, JSON, array, range, network, text search and catalog-introspection
 * functions, including everything psql's backslash commands and pgjdbc's DatabaseMetaData call.
 * Also type names that take modifiers ({@code numeric(10,2)}), which look like calls.
 */
final class BuiltinReadFunctions {
    private BuiltinReadFunctions() {
    }

    static final Set<String> NAMES = Stream.of(
            // aggregates and window functions
            "count sum avg min max every bool_and bool_or bit_and bit_or bit_xor string_agg array_agg json_agg jsonb_agg",
            "json_object_agg jsonb_object_agg xmlagg stddev stddev_pop stddev_samp variance var_pop var_samp corr covar_pop",
            "covar_samp regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy",
            "percentile_cont percentile_disc mode rank dense_rank percent_rank cume_dist row_number ntile lag lead",
            "first_value last_value nth_value grouping range_agg range_intersect_agg any_value",
            // SQL syntax that looks like a call, and type names with modifiers
            "coalesce nullif greatest least cast extract overlay position substring trim normalize treat",
            "xmlelement xmlforest xmlconcat xmlparse xmlpi xmlroot xmlserialize xmlexists xmlattributes xmltable",
            "numeric decimal dec varchar char character varying bit timestamp time interval float nchar",
            "localtime localtimestamp current_time current_timestamp cube rollup",
            // tablesample methods
            "system bernoulli system_rows system_time",
            // strings
            "lower upper initcap length char_length character_length octet_length bit_length concat concat_ws format",
            "left right lpad rpad ltrim rtrim btrim replace reverse repeat split_part strpos substr starts_with",
            "translate ascii chr md5 sha224 sha256 sha384 sha512 encode decode to_hex quote_ident quote_literal",
            "quote_nullable regexp_match regexp_matches regexp_replace regexp_split_to_array regexp_split_to_table",
            "regexp_count regexp_instr regexp_like regexp_substr string_to_array string_to_table array_to_string",
            "to_ascii unistr casefold convert convert_from convert_to get_byte get_bit set_byte set_bit",
            "parse_ident string_agg similar_escape similar_to_escape like_escape text int4 int8 int2 bool float4 float8",
            // math
            "abs ceil ceiling floor round trunc sign sqrt cbrt exp ln log log10 power pow mod div pi degrees radians",
            "sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh random width_bucket gcd lcm factorial",
            "scale min_scale trim_scale setseed",
            // date and time
            "now clock_timestamp statement_timestamp transaction_timestamp timeofday date_trunc date_part date_bin",
            "age to_char to_date to_timestamp to_number make_date make_time make_timestamp make_timestamptz",
            "make_interval justify_days justify_hours justify_interval isfinite timezone date_add date_subtract",
            "generate_series generate_subscripts",
            // json and jsonb
            "to_json to_jsonb array_to_json row_to_json json_build_array jsonb_build_array json_build_object",
            "jsonb_build_object json_object jsonb_object json_array_length jsonb_array_length json_each jsonb_each",
            "json_each_text jsonb_each_text json_extract_path jsonb_extract_path json_extract_path_text",
            "jsonb_extract_path_text json_object_keys jsonb_object_keys json_populate_record jsonb_populate_record",
            "json_populate_recordset jsonb_populate_recordset json_to_record jsonb_to_record json_to_recordset",
            "jsonb_to_recordset json_array_elements jsonb_array_elements json_array_elements_text",
            "jsonb_array_elements_text json_typeof jsonb_typeof json_strip_nulls jsonb_strip_nulls jsonb_set",
            "jsonb_set_lax jsonb_insert jsonb_pretty jsonb_path_exists jsonb_path_match jsonb_path_query",
            "jsonb_path_query_array jsonb_path_query_first jsonb_path_exists_tz jsonb_path_query_tz json_scalar",
            "json_serialize json_query json_value json_exists json_array json_objectagg json_arrayagg to_tsvector",
            // arrays and ranges
            "array_append array_cat array_dims array_fill array_length array_lower array_ndims array_position",
            "array_positions array_prepend array_remove array_replace array_upper cardinality unnest trim_array",
            "array_sample array_shuffle lower_inc upper_inc lower_inf upper_inf isempty range_merge multirange",
            "int4range int8range numrange tsrange tstzrange daterange",
            // text search, network, uuid, misc
            "to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd ts_headline",
            "setweight strip numnode querytree ts_debug ts_lexize ts_parse ts_token_type host hostmask masklen",
            "netmask network broadcast family abbrev inet_merge inet_same_family set_masklen gen_random_uuid",
            "uuid_generate_v4 pg_typeof pg_column_size pg_column_compression num_nonnulls num_nulls",
            "pg_sleep pg_sleep_for pg_sleep_until currval lastval txid_current_if_assigned",
            "pg_current_xact_id_if_assigned txid_current_snapshot pg_current_snapshot txid_snapshot_xmin",
            "txid_snapshot_xmax pg_snapshot_xmin pg_snapshot_xmax txid_visible_in_snapshot pg_xact_status",
            "row to_regclass to_regtype to_regproc to_regprocedure to_regoper to_regoperator to_regrole",
            "to_regnamespace to_regcollation to_regtypemod",
            // session and catalog information
            "current_database current_catalog current_schema current_schemas current_user current_role session_user",
            "user inet_client_addr inet_client_port inet_server_addr inet_server_port pg_backend_pid version",
            "current_setting pg_postmaster_start_time pg_conf_load_time pg_is_in_recovery pg_trigger_depth",
            "pg_jit_available pg_blocking_pids pg_safe_snapshot_blocking_pids pg_listening_channels",
            "pg_notification_queue_usage pg_current_logfile pg_my_temp_schema pg_is_other_temp_schema",
            "has_any_column_privilege has_column_privilege has_database_privilege has_foreign_data_wrapper_privilege",
            "has_function_privilege has_language_privilege has_parameter_privilege has_schema_privilege",
            "has_sequence_privilege has_server_privilege has_table_privilege has_tablespace_privilege",
            "has_type_privilege pg_has_role row_security_active acldefault aclexplode makeaclitem",
            "pg_collation_is_visible pg_conversion_is_visible pg_function_is_visible pg_opclass_is_visible",
            "pg_operator_is_visible pg_opfamily_is_visible pg_statistics_obj_is_visible pg_table_is_visible",
            "pg_ts_config_is_visible pg_ts_dict_is_visible pg_ts_parser_is_visible pg_ts_template_is_visible",
            "pg_type_is_visible format_type pg_get_catalog_foreign_keys pg_get_constraintdef pg_get_expr",
            "pg_get_functiondef pg_get_function_arguments pg_get_function_identity_arguments",
            "pg_get_function_result pg_get_function_sqlbody pg_get_indexdef pg_get_keywords pg_get_ruledef",
            "pg_get_serial_sequence pg_get_statisticsobjdef pg_get_statisticsobjdef_columns",
            "pg_get_statisticsobjdef_expressions pg_get_triggerdef pg_get_userbyid pg_get_viewdef",
            "pg_get_partkeydef pg_get_partition_constraintdef pg_get_publication_tables pg_relation_is_publishable",
            "pg_get_object_address pg_identify_object pg_identify_object_as_address pg_describe_object",
            "pg_index_column_has_property pg_index_has_property pg_indexam_has_property pg_options_to_table",
            "pg_tablespace_databases pg_tablespace_location pg_settings_get_flags pg_encoding_to_char",
            "pg_char_to_encoding pg_encoding_max_length getdatabaseencoding pg_client_encoding",
            "obj_description col_description shobj_description pg_get_replica_identity_index",
            "pg_column_is_updatable pg_relation_is_updatable pg_partition_tree pg_partition_ancestors",
            "pg_partition_root pg_inherits pg_size_pretty pg_size_bytes pg_relation_size pg_table_size",
            "pg_indexes_size pg_total_relation_size pg_database_size pg_tablespace_size pg_relation_filenode",
            "pg_relation_filepath pg_filenode_relation pg_stat_get_numscans pg_stat_get_tuples_returned",
            "pg_stat_get_live_tuples pg_stat_get_dead_tuples pg_stat_get_activity pg_stat_get_backend_pid",
            "pg_stat_get_last_vacuum_time pg_stat_get_last_autovacuum_time pg_stat_get_last_analyze_time",
            "pg_stat_get_last_autoanalyze_time pg_last_xact_replay_timestamp pg_last_wal_receive_lsn",
            "pg_last_wal_replay_lsn pg_current_wal_lsn pg_current_wal_insert_lsn pg_current_wal_flush_lsn",
            "pg_wal_lsn_diff pg_walfile_name pg_walfile_name_offset pg_control_system pg_control_checkpoint",
            "pg_get_wal_replay_pause_state pg_is_wal_replay_paused pg_xact_commit_timestamp pg_last_committed_xact",
            "pg_lock_status pg_get_backend_memory_contexts pg_show_all_settings pg_show_all_file_settings",
            "pg_available_extensions pg_available_extension_versions pg_extension_config_dump pg_tablespace_size",
            "pg_get_shmem_allocations pg_timezone_names pg_timezone_abbrevs pg_cursor pg_prepared_statement",
            "pg_prepared_xact pg_get_multixact_members pg_visible_in_snapshot pg_sequence_parameters",
            "pg_sequence_last_value pg_hba_file_rules pg_ident_file_mappings pg_config array_in regclass",
            "regtype regproc regprocedure oid textlen tidin bpchar date pg_catalog_date")
            .flatMap(line -> Stream.of(line.split(" ")))
            .collect(Collectors.toUnmodifiableSet());
}
