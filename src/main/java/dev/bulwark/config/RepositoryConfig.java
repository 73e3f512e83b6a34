package dev.bulwark.config;

/** Where backups live: a local directory (an {@code s3://} location is reserved for object storage). */
public record RepositoryConfig(String path) {}
