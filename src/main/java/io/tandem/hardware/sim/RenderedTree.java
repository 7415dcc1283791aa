package io.tandem.hardware.sim;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Files and symbolic links as the kernel and udev would show them, by path relative to the
 * stand-in root ({@code proc/mdstat}, {@code sys/block/md0/md/array_state}, {@code
 * dev/disk/by-path/...}). Built by the renderers, written by {@link TreeWriter}.
 */
public final class RenderedTree {
  private final SortedMap<String, Entry> entries = new TreeMap<>();

  /** A file's bytes, or a link's target. */
  public sealed interface Entry permits File, Link {}

  /** A regular file. */
  public record File(byte[] content) implements Entry {
    /** The content as text (UTF-8). */
    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /** A symbolic link, its target as written ({@code ../../sdb}). */
  public record Link(String target) implements Entry {}

  /** Adds a text file. */
  public RenderedTree file(String path, String text) {
    entries.put(path, new File(text.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /** Adds a binary file. */
  public RenderedTree file(String path, byte[] content) {
    entries.put(path, new File(content.clone()));
    return this;
  }

  /** Adds a symbolic link. */
  public RenderedTree link(String path, String target) {
    entries.put(path, new Link(target));
    return this;
  }

  /** Every entry, by path. */
  public SortedMap<String, Entry> entries() {
    return Collections.unmodifiableSortedMap(entries);
  }

  /** The text of the file at {@code path}; null when there is none. */
  public String text(String path) {
    return entries.get(path) instanceof File file ? file.text() : null;
  }
}
