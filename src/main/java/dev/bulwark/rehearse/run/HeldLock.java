package dev.bulwark.rehearse.run;

/** A table lock one backend holds: the table's oid and the mode, as people write it ("ACCESS EXCLUSIVE"). */
public record HeldLock(long oid, String mode) {}
