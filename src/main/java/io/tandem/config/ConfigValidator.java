package io.tandem.config;

import static io.tandem.config.ConfigKeys.LMTP_MAX_CONNECTIONS;
import static io.tandem.config.ConfigKeys.LMTP_MAX_CONNECTIONS_PER_IP;
import static io.tandem.config.ConfigKeys.REPLICATION_LISTEN;
import static io.tandem.config.ConfigKeys.REPLICATION_PEER;
import static io.tandem.config.ConfigKeys.REPLICATION_TLS_PEER_CERT;
import static io.tandem.config.ConfigKeys.STORE_ROOT;
import static io.tandem.config.ConfigKeys.STORE_STATE;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
    checkPeerCertificate(file, values);
    checkPeerIsNotSelf(file, values);
    checkSimulatedHardware(file, values);
  }

  /** A simulated enclosure must say where it is kept. */
  private static void checkSimulatedHardware(String file, ConfigValues values)
      throws ConfigException {
    if (values.get(ConfigKeys.HARDWARE_MODE_KEY) == HardwareMode.SIM
        && values.find(ConfigKeys.HARDWARE_SIM_DIR).isEmpty()) {
      throw new ConfigException(file, values.line(ConfigKeys.HARDWARE_MODE_KEY),
          "hardware.mode = sim needs hardware.sim.dir: the folder the simulated enclosure is"
              + " kept in ('tandem sim init' fills it)");
    }
  }

  /**
   * Two listeners on one address would fail at bind time, after part of the service started.
   * Listeners that are unset and have no default (replication.listen) take no address.
   */
  private static void checkListenersDistinct(String file, ConfigValues values)
      throws ConfigException {
    List<Key<ListenAddress>> keys = ConfigKeys.ofType(ValueTypes.LISTEN);
    for (int i = 0; i < keys.size(); i++) {
      for (int j = i + 1; j < keys.size(); j++) {
        boolean iLater = values.line(keys.get(i)) > values.line(keys.get(j));
        Key<ListenAddress> later = iLater ? keys.get(i) : keys.get(j);
        Key<ListenAddress> earlier = iLater ? keys.get(j) : keys.get(i);
        Optional<ListenAddress> laterAddress = values.find(later);
        Optional<ListenAddress> earlierAddress = values.find(earlier);
        if (laterAddress.isPresent() && earlierAddress.isPresent()
            && laterAddress.get().conflictsWith(earlierAddress.get())) {
          throw new ConfigException(file, values.line(later),
              later.name() + ": " + laterAddress.get() + " conflicts with " + earlier.name()
                  + " " + earlierAddress.get() + " (" + values.origin(earlier) + ")"
                  + "; each listener needs its own address");
        }
      }
    }
  }

  private static void checkPerIpLimit(String file, ConfigValues values) throws ConfigException {
    checkPerIpLimit(file, values, LMTP_MAX_CONNECTIONS, LMTP_MAX_CONNECTIONS_PER_IP);
    checkPerIpLimit(file, values, ConfigKeys.IMAP_MAX_CONNECTIONS,
        ConfigKeys.IMAP_MAX_CONNECTIONS_PER_IP);
  }

  private static void checkPerIpLimit(String file, ConfigValues values,
      Key<Integer> totalKey, Key<Integer> perIpKey) throws ConfigException {
    int perIp = values.get(perIpKey);
    int total = values.get(totalKey);
    if (perIp <= total) {
      return;
    }
    if (values.line(perIpKey) > values.line(totalKey)) {
      throw new ConfigException(file, values.line(perIpKey),
          perIpKey.name() + ": " + perIp + " must not exceed " + totalKey.name() + ", which is "
              + total + " (" + values.origin(totalKey) + ")");
    }
    throw new ConfigException(file, values.line(totalKey),
        totalKey.name() + ": " + total + " must not be less than " + perIpKey.name()
            + ", which is " + perIp + " (" + values.origin(perIpKey) + ")");
  }

  /**
   * The peer link trusts only a pinned certificate, so a link without one could never be
   * established; better to say so now than to refuse every connection later.
   */
  private static void checkPeerCertificate(String file, ConfigValues values)
      throws ConfigException {
    if (values.isSet(REPLICATION_TLS_PEER_CERT)
        || !(values.isSet(REPLICATION_LISTEN) || values.isSet(REPLICATION_PEER))) {
      return;
    }
    Key<ListenAddress> later = values.line(REPLICATION_PEER) > values.line(REPLICATION_LISTEN)
        ? REPLICATION_PEER : REPLICATION_LISTEN;
    throw new ConfigException(file, values.line(later),
        later.name() + ": the peer link needs the partner's certificate, but "
            + REPLICATION_TLS_PEER_CERT.name() + " is not set; run 'tandem tls init' on the"
            + " partner, copy its appliance.crt to this appliance and set "
            + REPLICATION_TLS_PEER_CERT.name() + " to that file");
  }

  /**
   * An appliance replicating to itself would look healthy while protecting nothing. Only the
   * literal same address is caught: with a wildcard listen address the partner normally uses the
   * same port on another host, and names are not resolved while loading.
   */
  private static void checkPeerIsNotSelf(String file, ConfigValues values)
      throws ConfigException {
    Optional<ListenAddress> listen = values.find(REPLICATION_LISTEN);
    Optional<ListenAddress> peer = values.find(REPLICATION_PEER);
    if (listen.isEmpty() || peer.isEmpty()
        || listen.get().port() != peer.get().port()
        || !listen.get().host().equalsIgnoreCase(peer.get().host())) {
      return;
    }
    boolean peerLater = values.line(REPLICATION_PEER) > values.line(REPLICATION_LISTEN);
    Key<ListenAddress> later = peerLater ? REPLICATION_PEER : REPLICATION_LISTEN;
    Key<ListenAddress> earlier = peerLater ? REPLICATION_LISTEN : REPLICATION_PEER;
    throw new ConfigException(file, values.line(later),
        later.name() + ": " + values.get(later) + " is the same address as " + earlier.name()
            + " " + values.get(earlier) + " (" + values.origin(earlier) + ")"
            + "; replication.peer is the partner's replication.listen, not this appliance's");
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
