package dev.bulwark.access.audit;

/**
 * One privilege of one grantee on an object (or on one of its columns), as aclexplode reads it.
 * Grants to the owner are left out: what an owner can do is reported as ownership.
 *
 * @param grantee 0 for PUBLIC
 * @param column  the column of a column privilege, else null
 */
record Grant(SecuredObject object, long grantee, long grantor, String privilege, boolean grantable, String column) {}
