package io.tandem.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaildirNameTest {
  private static final long MICROS = 1_700_000_000_123_456L;

  @Test
  void nameHasDovecotsFormWithSizes() {
    MaildirName names = new MaildirName("tandem-a", 4242);

    assertThat(names.next(MICROS, 1000, 1020))
        .isEqualTo("1700000000.M123456P4242Q1.tandem-a,S=1000,W=1020");
    assertThat(names.next(MICROS, 5, 7))
        .isEqualTo("1700000000.M123456P4242Q2.tandem-a,S=5,W=7");
  }

  @Test
  void sizesAreAlwaysPresent() {
    String name = new MaildirName("h", 1).next(MICROS, 0, 0);

    assertThat(name).matches("\\d+\\.M\\d+P1Q\\d+\\.h,S=0,W=0");
  }

  @Test
  void hostCharactersThatWouldBreakTheFormatAreReplaced() {
    String name = new MaildirName("a/b:c,d", 1).next(MICROS, 1, 1);

    assertThat(name).isEqualTo("1700000000.M123456P1Q1.a_b_c_d,S=1,W=1");
    assertThat(MaildirName.baseOf(MaildirName.withFlags(name, "S"))).isEqualTo(name);
    assertThat(name).doesNotContain("/").doesNotContain(":");
  }

  @Test
  void namesAreUniqueAcrossManyCallsWithTheSameTime() {
    MaildirName names = new MaildirName("h", 7);
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(names.next(MICROS, 10, 10))).isTrue();
    }
  }

  @Test
  void namesAreUniqueAcrossThreads() throws Exception {
    MaildirName names = new MaildirName("h", 7);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    int threads = 8;
    int perThread = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Integer> task = () -> {
          start.await();
          int duplicates = 0;
          for (int i = 0; i < perThread; i++) {
            if (!seen.add(names.next(MICROS, 10, 10))) {
              duplicates++;
            }
          }
          return duplicates;
        };
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(threads * perThread);
  }

  @Test
  void withFlagsAddsTheInfoSuffix() {
    assertThat(MaildirName.withFlags("base", "FS")).isEqualTo("base:2,FS");
    assertThat(MaildirName.withFlags("base", "")).isEqualTo("base:2,");
  }

  @ParameterizedTest
  @CsvSource(value = {
      "1.M1P1Q1.h,S=1,W=1:2,FS | 1.M1P1Q1.h,S=1,W=1 | FS",
      "1.M1P1Q1.h,S=1,W=1:2, | 1.M1P1Q1.h,S=1,W=1 | ''",
      "1.M1P1Q1.h,S=1,W=1 | 1.M1P1Q1.h,S=1,W=1 | ''",
      "base:2,DFRST | base | DFRST"}, delimiter = '|')
  void baseAndLettersOfAFileName(String fileName, String base, String letters) {
    assertThat(MaildirName.baseOf(fileName)).isEqualTo(base);
    assertThat(MaildirName.lettersOf(fileName)).isEqualTo(letters);
  }
}
