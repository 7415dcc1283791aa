package io.tandem.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A message's file by the index's name, or by its base name with other flags. */
class ScrubMessageFilesTest {
  private static final String BASE = "1700000000.M1P2Q3.alpha,S=10,W=11";

  @TempDir Path folder;

  @BeforeEach
  void folders() throws Exception {
    Files.createDirectories(folder.resolve("cur"));
    Files.createDirectories(folder.resolve("new"));
  }

  @Test
  void theNameTheIndexRecordsIsTakenWhenItExists() throws Exception {
    Path file = Files.writeString(folder.resolve("cur/" + BASE + ":2,S"), "x");
    assertThat(MessageFiles.locate(folder, "cur/" + BASE + ":2,S")).contains(file);
  }

  @Test
  void otherFlagLettersOrTheOtherFolderAreTheSameMessage() throws Exception {
    Path flagged = Files.writeString(folder.resolve("cur/" + BASE + ":2,FS"), "x");
    assertThat(MessageFiles.locate(folder, "cur/" + BASE + ":2,S")).contains(flagged);
    assertThat(MessageFiles.locate(folder, "new/" + BASE)).contains(flagged);
    Files.delete(flagged);
    Path fresh = Files.writeString(folder.resolve("new/" + BASE), "x");
    assertThat(MessageFiles.locate(folder, "cur/" + BASE + ":2,S")).contains(fresh);
  }

  @Test
  void anotherMessageWhoseNameStartsAlikeIsNotIt() throws Exception {
    Files.writeString(folder.resolve("cur/" + BASE + "0:2,S"), "x");
    Files.writeString(folder.resolve("new/" + BASE.replace("Q3", "Q33")), "x");
    assertThat(MessageFiles.locate(folder, "new/" + BASE)).isEmpty();
  }

  @Test
  void aMissingFolderIsNoFile() throws Exception {
    assertThat(MessageFiles.locate(folder.resolve(".Gone"), "new/" + BASE)).isEmpty();
  }

  @Test
  void theBaseNameOfAnIndexFileName() {
    assertThat(MessageFiles.baseOf("cur/" + BASE + ":2,RS")).isEqualTo(BASE);
    assertThat(MessageFiles.baseOf("new/" + BASE)).isEqualTo(BASE);
  }
}
