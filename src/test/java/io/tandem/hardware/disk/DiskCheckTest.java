package io.tandem.hardware.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.Sources.SmartVerdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiskCheckTest {
  private static final SmartVerdict OK = new SmartVerdict(DiskHealth.OK, List.of(), 30, "m", "s");
  private static final DiskCheck.Requirement NEED = DiskCheck.Requirement.largestOf(
      Map.of("sdb1", 1_000L, "sdb2", 3_000L));
  private static final Set<String> OURS = Set.of("c17b1bee:f5471be6:aa78be60:305f1868");
  private static final MdExamine FOREIGN = new MdExamine("sdc", Optional.of(
      new MdExamine.Superblock("1.2", "fe9656a13e01b8a4f5f49497138b8b32", "nas2:mail", "raid1",
          "Active device 0", "4")));
  private static final MdExamine BLANK = new MdExamine("sdc", Optional.empty());

  private static List<String> codes(DiskCheck.Result result) {
    return result.findings().stream().map(DiskCheck.Finding::code).toList();
  }

  @Test
  void aBlankHealthyLargeEnoughDiskPasses() {
    DiskCheck.Result result = DiskCheck.check(new DiskCheck.NewDisk("sdc", "NEW1", 4_000),
        NEED, OK, List.of(BLANK), OURS, Set.of("OLD1"), false);
    assertThat(result.ok()).isTrue();
    assertThat(result.findings()).isEmpty();
  }

  @Test
  void tooSmallFailingSmartAndASerialSeenInAnotherBayBlock() {
    SmartVerdict failing = new SmartVerdict(DiskHealth.FAILING, List.of("3900 reallocated"),
        30, "m", "s");
    DiskCheck.Result result = DiskCheck.check(new DiskCheck.NewDisk("sdc", "OLD1", 2_000),
        NEED, failing, List.of(BLANK), OURS, Set.of("OLD1"), false);
    assertThat(result.ok()).isFalse();
    assertThat(codes(result)).containsExactly("too-small", "smart-failing",
        "serial-in-other-bay");
    assertThat(result.refusals().get(0)).contains("/dev/sdb2").contains("3000 bytes");
  }

  @Test
  void aForeignSuperblockBlocksUnlessWiped() {
    DiskCheck.NewDisk disk = new DiskCheck.NewDisk("sdc", "NEW1", 4_000);
    DiskCheck.Result refused = DiskCheck.check(disk, NEED, OK, List.of(FOREIGN), OURS, Set.of(),
        false);
    assertThat(refused.ok()).isFalse();
    assertThat(refused.refusals().get(0)).contains("nas2:mail").contains("--wipe");
    DiskCheck.Result wiped = DiskCheck.check(disk, NEED, OK, List.of(FOREIGN), OURS, Set.of(),
        true);
    assertThat(wiped.ok()).isTrue();
    assertThat(codes(wiped)).containsExactly("foreign-superblock");
  }

  @Test
  void smartWarningUnknownAndOurOwnSuperblockAreNotes() {
    MdExamine own = new MdExamine("sdc1", Optional.of(new MdExamine.Superblock("1.2",
        "c17b1beef5471be6aa78be60305f1868", "tandem:0", "raid1", "Active device 1", "9")));
    DiskCheck.Result result = DiskCheck.check(new DiskCheck.NewDisk("sdc", "NEW1", 4_000),
        NEED, null, List.of(own), OURS, Set.of(), false);
    assertThat(result.ok()).isTrue();
    assertThat(codes(result)).containsExactly("smart-unknown", "own-superblock");
  }
}
