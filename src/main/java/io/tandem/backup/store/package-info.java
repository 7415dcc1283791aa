/**
 * The backup's storage on its target folder (ADR 0014): content-addressed message bodies
 * ({@link io.tandem.backup.store.ObjectStore}), one atomic manifest per run
 * ({@link io.tandem.backup.store.Manifests}, format in {@link io.tandem.backup.store.ManifestCodec}),
 * the pure retention rule ({@link io.tandem.backup.store.Retention}) and the verifier. Nothing here
 * reads the live store or the journal; the backup run above it does.
 */
package io.tandem.backup.store;
