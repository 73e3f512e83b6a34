package dev.bulwark.config;

/** Where the agent gate listens. */
public record GateConfig(String listen) {}
