/**
 * The peer link's TLS: each appliance has its own EC key and self-signed certificate ({@link
 * io.tandem.net.tls.ApplianceIdentity}) and trusts exactly one certificate, its partner's, pinned
 * by file ({@link io.tandem.net.tls.PinnedPeerTrust}). No certificate authority is involved, so
 * host names are not checked: the pin is the whole of the trust decision.
 */
package io.tandem.net.tls;
