package io.tandem.hotswap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The guard's answer: the verdict, why (in plain words, naming bays and serials), and what to do
 * next. Immutable.
 *
 * @param verdict SAFE, UNSAFE or UNKNOWN
 * @param target what was asked about
 * @param reasons why, most pressing first
 * @param steps what the technician does next, in order
 */
public record HotswapPlan(Verdict verdict, HotswapTarget target, List<String> reasons,
    List<String> steps) {
  public HotswapPlan {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(target, "target");
    reasons = List.copyOf(reasons);
    steps = List.copyOf(steps);
  }

  /** The answer as DESIGN §4 names it: {@code verdict}, {@code target}, {@code reasons}, {@code steps}. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("verdict", verdict.name());
    out.put("target", target.word());
    out.put("reasons", reasons);
    out.put("steps", steps);
    return out;
  }
}
