package io.tandem.hardware.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.hardware.HardwareException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MdstatParser against the recorded /proc/mdstat of every situation, and the odd variants. */
class MdstatParserTest {
  static List<String> situations() {
    return MdFixtures.situations();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("situations")
  void everyRecordedMdstatParsesWithoutWarnings(String situation) throws Exception {
    Mdstat mdstat = MdstatParser.parse(MdFixtures.mdstat(situation));
    assertThat(mdstat.warnings()).isEmpty();
    assertThat(mdstat.personalities()).contains("raid0", "raid1", "raid10", "linear");
    assertThat(mdstat.unused()).isEmpty();
  }

  @Test
  void recoveryWithAFailedMemberAndItsProgress() throws Exception {
    Mdstat.Array md0 = only("raid1-spare-rebuilding");
    assertThat(md0.name()).isEqualTo("md0");
    assertThat(md0.active()).isTrue();
    assertThat(md0.level()).isEqualTo("raid1");
    assertThat(md0.members()).containsExactly(
        new Mdstat.Member("vdc", 3, false, false, false, false, false),
        new Mdstat.Member("vdb", 2, false, false, false, false, false),
        new Mdstat.Member("vda", 0, false, false, true, false, false));
    assertThat(md0.blocks()).isEqualTo(64512);
    assertThat(md0.superblock()).isEqualTo("1.2");
    assertThat(md0.raidDisks()).isEqualTo(2);
    assertThat(md0.inSync()).isEqualTo(1);
    assertThat(md0.status()).isEqualTo("_U");
    assertThat(md0.progress()).isEqualTo(
        new Mdstat.Progress("recovery", 3.1, 2048, 64512, 1.5, 682, ""));
  }

  @Test
  void checkAndRepairAndReshape() throws Exception {
    assertThat(only("raid1-check").progress())
        .isEqualTo(new Mdstat.Progress("check", 2.3, 1664, 64512, 1.8, 554, ""));
    // The kernel prints a repair as resync.
    assertThat(only("raid1-repair").progress().action()).isEqualTo("resync");
    Mdstat.Array reshape = only("raid5-reshape");
    assertThat(reshape.progress())
        .isEqualTo(new Mdstat.Progress("reshape", 4.8, 3072, 63488, 1.3, 768, ""));
    assertThat(reshape.status()).isEqualTo("UUUU");
  }

  @Test
  void delayedAndPendingLinesStartWithATab() throws Exception {
    Mdstat mdstat = MdstatParser.parse(MdFixtures.mdstat("nvme-partitions-delayed"));
    assertThat(MdFixtures.mdstat("nvme-partitions-delayed")).contains("\n      \tresync=DELAYED\n");
    assertThat(mdstat.arrays()).extracting(Mdstat.Array::name).containsExactly("md8", "md7");
    assertThat(mdstat.arrays().get(0).progress())
        .isEqualTo(new Mdstat.Progress("resync", -1, -1, -1, -1, -1, "DELAYED"));
    assertThat(mdstat.arrays().get(1).members()).extracting(Mdstat.Member::device)
        .containsExactly("nvme1n1p1", "nvme0n1p1");
    Mdstat.Array pending = only("raid1-auto-read-only-pending");
    assertThat(pending.readOnly()).isEqualTo("auto-read-only");
    assertThat(pending.progress().waiting()).isEqualTo("PENDING");
  }

  @Test
  void flagsWriteMostlyJournalReplacementSpare() throws Exception {
    assertThat(only("raid1-writemostly-failed").members().get(0))
        .isEqualTo(new Mdstat.Member("vdb", 1, true, false, true, false, false));
    assertThat(only("raid5-journal").members().get(0))
        .isEqualTo(new Mdstat.Member("vdd", 3, false, true, false, false, false));
    assertThat(only("raid1-replace").members().get(0))
        .isEqualTo(new Mdstat.Member("vdc", 2, false, false, false, false, true));
    assertThat(only("raid1-spare").members().get(0))
        .isEqualTo(new Mdstat.Member("vdc", 3, false, false, false, true, false));
  }

  @Test
  void bitmapAfterTheProgressLine() throws Exception {
    Mdstat.Array md0 = only("raid1-bitmap-resync");
    assertThat(md0.bitmap()).isTrue();
    assertThat(md0.progress().percent()).isEqualTo(3.1);
  }

  @Test
  void raid0LinearInactiveAndOldMetadataHaveNoCounts() throws Exception {
    Mdstat mdstat = MdstatParser.parse(MdFixtures.mdstat("raid0-linear"));
    assertThat(mdstat.arrays()).extracting(Mdstat.Array::level, Mdstat.Array::raidDisks,
        Mdstat.Array::status).containsExactly(
            org.assertj.core.groups.Tuple.tuple("linear", -1, ""),
            org.assertj.core.groups.Tuple.tuple("raid0", -1, ""));
    Mdstat.Array inactive = only("inactive");
    assertThat(inactive.active()).isFalse();
    assertThat(inactive.level()).isEmpty();
    assertThat(inactive.members()).containsExactly(
        new Mdstat.Member("vde", 0, false, false, false, true, false));
    Mdstat.Array old = only("raid1-metadata-0.90");
    assertThat(old.superblock()).isEmpty();
    assertThat(old.status()).isEqualTo("UU");
    assertThat(only("raid1-readonly").readOnly()).isEqualTo("read-only");
  }

  @Test
  void noArraysIsAnEmptyList() throws Exception {
    assertThat(MdstatParser.parse(MdFixtures.mdstat("no-arrays")).arrays()).isEmpty();
  }

  @Test
  void anArrayWithoutMembersHasItsStatusOnTheHeaderLine() throws Exception {
    // The line as quoted in /work/shared/notes/hardware-formats-and-pitfalls.md §2.1 (not
    // recorded here), between the file's fixed first and last lines.
    Mdstat mdstat = MdstatParser.parse("Personalities : [raid6] [raid5] [raid4] \n"
        + "md126 : active raid5 super 1.2 level 5, 64k chunk, algorithm 2 [4/0] [____]\n"
        + "      \nunused devices: <none>\n");
    Mdstat.Array md126 = mdstat.arrays().get(0);
    assertThat(md126.members()).isEmpty();
    assertThat(md126.level()).isEqualTo("raid5");
    assertThat(md126.raidDisks()).isEqualTo(4);
    assertThat(md126.inSync()).isZero();
    assertThat(md126.status()).isEqualTo("____");
    assertThat(mdstat.warnings()).isEmpty();
  }

  @Test
  void unknownThingsAreWarningsNotFailures() throws Exception {
    Mdstat mdstat = MdstatParser.parse(MdFixtures.mdstat("raid1-clean")
        .replace("md0 : active raid1 vdb[1] vda[0]", "md0 : active raid42 vdb[1](X) vda[0]")
        .replace("[2/2] [UU]\n", "[2/2] [UU]\n      frobnicate: 7\n"));
    assertThat(mdstat.arrays()).hasSize(1);
    assertThat(mdstat.warnings()).containsExactly("md0: unknown personality 'raid42'",
        "md0: unknown flag (X) on vdb", "md0: skipped a line: 'frobnicate: 7'");
  }

  @Test
  void emptyOrForeignTextIsRefused() {
    assertThatThrownBy(() -> MdstatParser.parse("")).isInstanceOf(HardwareException.class)
        .hasMessage("/proc/mdstat is empty");
    assertThatThrownBy(() -> MdstatParser.parse("{\"json\": true}\n"))
        .isInstanceOf(HardwareException.class)
        .hasMessageStartingWith("this is not /proc/mdstat");
  }

  private static Mdstat.Array only(String situation) throws HardwareException {
    Mdstat mdstat = MdstatParser.parse(MdFixtures.mdstat(situation));
    assertThat(mdstat.arrays()).hasSize(1);
    return mdstat.arrays().get(0);
  }
}
