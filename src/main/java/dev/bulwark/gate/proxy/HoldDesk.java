package dev.bulwark.gate.proxy;

/** Where held statements become change requests, and every decision is written to the audit log. */
public interface HoldDesk {
    /** Records a held statement; returns the change request's id. */
    String hold(SessionInfo session, String sql, String reason);

    /** Records a statement that was forwarded or refused. */
    void audit(SessionInfo session, String sql, String decision);

    /** Who is on the other end of a session, for requests and the audit log. */
    record SessionInfo(String agent, String database, String clientAddress) {}
}
