package io.tandem.config;

import static io.tandem.config.ConfigKeys.LMTP_MAX_CONNECTIONS;
import static io.tandem.config.ConfigKeys.LMTP_MAX_CONNECTIONS_PER_IP;
import static io.tandem.config.ConfigKeys.STORE_ROOT;
import static io.tandem.config.ConfigKeys.STORE_STATE;

import java.nio.file.Path;
import java.util.List;

/**
 * Checks that hold between keys, after each value is valid on its own. A problem is reported at
 * the line of whichever of the keys involved was set later in the file, since that is usually the
 * edit that broke it. Stateless and thread-safe.
 */
final class ConfigValidator {
  private ConfigValidator() {}

  static void validate(String file, ConfigValues values) throws ConfigException {
    checkListenersDistinct(file, values);
    checkPerIpLimit(file, values);
    checkStoreSeparation(file, values);
  }

  /** Two listeners on one address would fail at bind time, after part of the service started. */
  private static void checkListenersDistinct(String file, ConfigValues values)
      throws ConfigException {
    List<Key<ListenAddress>> keys = ConfigKeys.ofType(ValueTypes.LISTEN);
    for (int i = 0; i < keys.size(); i++) {
      for (int j = i + 1; j < keys.size(); j++) {
        boolean iLater = values.line(keys.get(i)) > values.line(keys.get(j));
        Key<ListenAddress> later = iLater ? keys.get(i) : keys.get(j);
        Key<ListenAddress> earlier = iLater ? keys.get(j) : keys.get(i);
        if (values.get(later).conflictsWith(values.get(earlier))) {
          throw new ConfigException(file, values.line(later),
              later.name() + ": " + values.get(later) + " conflicts with " + earlier.name() + " "
                  + values.get(earlier) + " (" + values.origin(earlier) + ")"
                  + "; each listener needs its own address");
        }
      }
    }
  }

  private static void checkPerIpLimit(String file, ConfigValues values) throws ConfigException {
    int perIp = values.get(LMTP_MAX_CONNECTIONS_PER_IP);
    int total = values.get(LMTP_MAX_CONNECTIONS);
    if (perIp <= total) {
      return;
    }
    if (values.line(LMTP_MAX_CONNECTIONS_PER_IP) > values.line(LMTP_MAX_CONNECTIONS)) {
      throw new ConfigException(file, values.line(LMTP_MAX_CONNECTIONS_PER_IP),
          LMTP_MAX_CONNECTIONS_PER_IP.name() + ": " + perIp + " must not exceed "
              + LMTP_MAX_CONNECTIONS.name() + ", which is " + total
              + " (" + values.origin(LMTP_MAX_CONNECTIONS) + ")");
    }
    throw new ConfigException(file, values.line(LMTP_MAX_CONNECTIONS),
        LMTP_MAX_CONNECTIONS.name() + ": " + total + " must not be less than "
            + LMTP_MAX_CONNECTIONS_PER_IP.name() + ", which is " + perIp
            + " (" + values.origin(LMTP_MAX_CONNECTIONS_PER_IP) + ")");
  }

  /**
   * Mail folders and the journal must not mix: a scrub or restore of one tree would otherwise walk
   * into the other, and users' folder names could collide with state files.
   */
  private static void checkStoreSeparation(String file, ConfigValues values)
      throws ConfigException {
    boolean stateLater = values.line(STORE_STATE) > values.line(STORE_ROOT);
    Key<Path> later = stateLater ? STORE_STATE : STORE_ROOT;
    Key<Path> earlier = stateLater ? STORE_ROOT : STORE_STATE;
    Path laterPath = values.get(later);
    Path earlierPath = values.get(earlier);
    String relation;
    if (laterPath.equals(earlierPath)) {
      relation = "is the same directory as";
    } else if (laterPath.startsWith(earlierPath)) {
      relation = "is inside";
    } else if (earlierPath.startsWith(laterPath)) {
      relation = "contains";
    } else {
      return;
    }
    throw new ConfigException(file, values.line(later),
        later.name() + ": '" + laterPath + "' " + relation + " " + earlier.name() + " '"
            + earlierPath + "' (" + values.origin(earlier) + ")"
            + "; mail folders and the journal must be kept apart");
  }
}
