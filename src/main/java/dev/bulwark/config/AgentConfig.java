package dev.bulwark.config;

/** A database role that an agent uses. */
public record AgentConfig(String name, String role) {}
