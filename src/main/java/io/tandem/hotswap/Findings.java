package io.tandem.hotswap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects findings and makes the plan: the most pressing verdict, the reasons most pressing
 * first, and the steps: how to pull the part when SAFE, otherwise "do not pull" and what each
 * blocking finding asks for.
 */
final class Findings {
  private final List<Finding> found = new ArrayList<>();

  Findings add(Finding finding) {
    found.add(finding);
    return this;
  }

  Findings addAll(List<Finding> findings) {
    found.addAll(findings);
    return this;
  }

  Verdict verdict() {
    Verdict verdict = Verdict.SAFE;
    for (Finding finding : found) {
      verdict = verdict.and(finding.verdict());
    }
    return verdict;
  }

  /**
   * The plan.
   *
   * @param safeSteps how to pull the part, when nothing stands in the way
   */
  HotswapPlan plan(HotswapTarget target, List<String> safeSteps) {
    Verdict verdict = verdict();
    List<String> reasons = found.stream()
        .sorted(Comparator.comparingInt(f -> pressing(f.verdict())))
        .map(Finding::reason).map(Findings::sentence).toList();
    if (verdict == Verdict.SAFE) {
      return new HotswapPlan(verdict, target, reasons, safeSteps);
    }
    Set<String> steps = new LinkedHashSet<>();
    steps.add(verdict == Verdict.UNSAFE ? "Do not pull " + target.describe() + "."
        : "Do not pull " + target.describe() + " (or anything else) until the guard can tell.");
    found.stream().filter(f -> f.verdict() != Verdict.SAFE)
        .sorted(Comparator.comparingInt(f -> pressing(f.verdict())))
        .forEach(f -> steps.addAll(f.steps()));
    steps.add("Ask again afterwards: 'tandem hotswap plan " + target.word() + "'.");
    return new HotswapPlan(verdict, target, reasons, List.copyOf(steps));
  }

  /** "bay 2, ..." starts a sentence as "Bay 2, ..."; an array's name stays as md spells it. */
  private static String sentence(String reason) {
    return reason.startsWith("bay ") ? "B" + reason.substring(1) : reason;
  }

  private static int pressing(Verdict verdict) {
    return switch (verdict) {
      case UNSAFE -> 0;
      case UNKNOWN -> 1;
      case SAFE -> 2;
    };
  }
}
