package dev.bulwark.rehearse.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LockModesTest {
    @Test
    void pgLocksNamesReadAsPeopleWriteThem() {
        assertThat(LockModes.display("AccessExclusiveLock")).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(LockModes.display("ShareUpdateExclusiveLock")).isEqualTo("SHARE UPDATE EXCLUSIVE");
        assertThat(LockModes.display("ShareLock")).isEqualTo("SHARE");
    }

    @Test
    void whatEachModeBlocks() {
        assertThat(LockModes.blocksWrites("SHARE")).isTrue();
        assertThat(LockModes.blocksWrites("SHARE UPDATE EXCLUSIVE")).isFalse();
        assertThat(LockModes.blocksReads("EXCLUSIVE")).isFalse();
        assertThat(LockModes.blocksReads("ACCESS EXCLUSIVE")).isTrue();
        assertThat(LockModes.writesRows("ROW EXCLUSIVE")).isTrue();
        assertThat(LockModes.writesRows("ACCESS EXCLUSIVE")).as("TRUNCATE shows as a new file, not as this").isFalse();
        assertThat(LockModes.rank("ACCESS EXCLUSIVE")).isGreaterThan(LockModes.rank("EXCLUSIVE"));
    }
}
