package dev.bulwark.gate.proxy;

import java.util.Optional;

import dev.bulwark.gate.approval.ScramVerifier;

/** Finds an agent's SCRAM verifier for a database; empty when the agent may not connect there. */
public interface AgentAuthenticator {
    Optional<ScramVerifier> verifier(String agent, String database);
}
