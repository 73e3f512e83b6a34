package dev.bulwark.gate.approval;

/** What {@code approvers add} shows once: the otpauth URI carries the TOTP secret for the authenticator app. */
public record ApproverEnrollment(String name, String otpauthUri) {
    @Override
    public String toString() {
        return "ApproverEnrollment[name=" + name + ", otpauthUri=<hidden>]";
    }
}
