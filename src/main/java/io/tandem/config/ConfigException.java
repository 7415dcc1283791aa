package io.tandem.config;

/**
 * A problem in an appliance config file. {@link #getMessage()} is exactly what the operator sees:
 * {@code FILE:LINE: reason}, or {@code FILE: reason} when no single line is to blame (a missing
 * required key, an unreadable file). Start-up stops on it.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String reason;

  /**
   * @param file the file name as the operator gave it
   * @param line the 1-based line number, or 0 when the problem belongs to the whole file
   * @param reason what is wrong, without the file and line prefix
   */
  public ConfigException(String file, int line, String reason) {
    super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  /** The file name as given to the loader. */
  public String file() {
    return file;
  }

  /** The 1-based line number, or 0 when the problem is not on one line. */
  public int line() {
    return line;
  }

  /** The reason without the {@code FILE:LINE: } prefix. */
  public String reason() {
    return reason;
  }
}
