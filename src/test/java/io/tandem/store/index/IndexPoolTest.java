package io.tandem.store.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexPoolTest {
  @TempDir Path dir;

  @Test
  void filesAreNamedAfterTheUser() throws Exception {
    try (IndexPool pool = new IndexPool(dir.resolve("index"), 2)) {
      assertThat(pool.file("alice")).isEqualTo(dir.resolve("index/alice.db"));
      assertThat(pool.files("alice")).containsExactly(dir.resolve("index/alice.db"),
          dir.resolve("index/alice.db-wal"), dir.resolve("index/alice.db-shm"));
      assertThat(dir.resolve("index")).isDirectory();
    }
  }

  @Test
  void findDoesNotCreateAnIndex() throws Exception {
    try (IndexPool pool = new IndexPool(dir, 2)) {
      assertThat(pool.find("alice")).isEmpty();
      assertThat(pool.exists("alice")).isFalse();
      assertThat(pool.file("alice")).doesNotExist();
    }
  }

  @Test
  void getCreatesAndThenReturnsTheSameIndex() throws Exception {
    try (IndexPool pool = new IndexPool(dir, 2)) {
      UserIndex alice = pool.get("alice");

      assertThat(alice.user()).isEqualTo("alice");
      assertThat(pool.file("alice")).exists();
      assertThat(pool.exists("alice")).isTrue();
      assertThat(pool.get("alice")).isSameAs(alice);
      assertThat(pool.find("alice")).containsSame(alice);
    }
  }

  @Test
  void trimClosesTheLeastRecentlyUsedBeyondCapacity() throws Exception {
    try (IndexPool pool = new IndexPool(dir, 2)) {
      UserIndex a = pool.get("a");
      UserIndex b = pool.get("b");
      UserIndex c = pool.get("c");
      pool.get("a");

      pool.trim();

      assertThat(pool.openIndexes()).containsExactlyInAnyOrder(a, c);
      assertThatThrownBy(b::appliedSeq).isInstanceOf(SQLException.class);
      assertThat(pool.exists("b")).as("closed but still on disk").isTrue();
      assertThat(pool.get("b")).isNotSameAs(b);
    }
  }

  @Test
  void closedIndexIsReopenedWithItsCommittedData() throws Exception {
    try (IndexPool pool = new IndexPool(dir, 2)) {
      UserIndex first = pool.get("alice");
      first.setAppliedSeq(9);
      first.commit();

      pool.close("alice");

      assertThat(pool.openIndexes()).isEmpty();
      assertThat(pool.get("alice").appliedSeq()).isEqualTo(9);
    }
  }

  @Test
  void closeClosesEveryIndex() throws Exception {
    UserIndex a;
    UserIndex b;
    try (IndexPool pool = new IndexPool(dir, 5)) {
      a = pool.get("a");
      b = pool.get("b");
      pool.close();
      assertThat(pool.openIndexes()).isEmpty();
    }
    assertThatThrownBy(a::appliedSeq).isInstanceOf(SQLException.class);
    assertThatThrownBy(b::appliedSeq).isInstanceOf(SQLException.class);
  }
}
