package io.tandem.config;

/**
 * One {@code key = value} line of a config file, key and value trimmed and any trailing comment
 * removed. {@code line} is 1-based.
 */
record ConfigLine(int line, String key, String value) {}
