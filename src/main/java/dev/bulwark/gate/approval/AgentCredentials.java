package dev.bulwark.gate.approval;

/** What {@code agents add} shows once: the generated password is not stored anywhere. */
public record AgentCredentials(String name, String password) {
    @Override
    public String toString() {
        return "AgentCredentials[name=" + name + ", password=<hidden>]";
    }
}
