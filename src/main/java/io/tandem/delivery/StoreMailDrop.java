package io.tandem.delivery;

import io.tandem.journal.JournalEntry;
import io.tandem.lmtp.DropUnavailableException;
import io.tandem.lmtp.MailDrop;
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LMTP's view of the store: {@code user+detail@any.domain} is delivered to {@code user}'s INBOX,
 * with {@code Return-Path:} and {@code Delivered-To:} prepended. Every recipient's file is
 * written and forced in the spool, then all deliveries are submitted together so that they share
 * one journal force. Thread-safe.
 */
public final class StoreMailDrop implements MailDrop {
  private static final Logger LOG = LoggerFactory.getLogger(StoreMailDrop.class);
  private static final int MEMORY_LIMIT = 1 << 20;

  private final MailStore store;
  private final BooleanSupplier acceptingWrites;
  private final FreeSpace freeSpace;
  private final Clock clock;
  private final AckGate ackGate;

  public StoreMailDrop(MailStore store, BooleanSupplier acceptingWrites, FreeSpace freeSpace,
      Clock clock, AckGate ackGate) {
    this.ackGate = ackGate;
    this.store = store;
    this.acceptingWrites = acceptingWrites;
    this.freeSpace = freeSpace;
    this.clock = clock;
  }

  @Override
  public Recipient resolve(String address) {
    if (!acceptingWrites.getAsBoolean()) {
      return Recipient.unavailable(address, "this appliance is not the primary");
    }
    String user = userOf(address);
    try {
      Names.user(user);
    } catch (StoreException e) {
      return Recipient.unknown(address, "no such user");
    }
    return store.users().contains(user) ? Recipient.accepted(address, user)
        : Recipient.unknown(address, "no such user");
  }

  @Override
  public Incoming begin() throws DropUnavailableException {
    if (!acceptingWrites.getAsBoolean()) {
      throw new DropUnavailableException(
          "451 4.3.2 This appliance is not the primary; try the other one");
    }
    if (freeSpace.isLow()) {
      throw new DropUnavailableException("452 4.3.1 Mail store is full; try again later");
    }
    java.util.Optional<String> refusal = ackGate.refuseNewMail();
    if (refusal.isPresent()) {
      throw new DropUnavailableException("451 4.4.0 " + refusal.get());
    }
    return new IncomingMessage(store.spool().dir().resolve("incoming-" + UUID.randomUUID()),
        MEMORY_LIMIT);
  }

  @Override
  public List<Outcome> deliver(String returnPath, List<Recipient> recipients, Incoming incoming) {
    IncomingMessage message = (IncomingMessage) incoming;
    List<CompletableFuture<List<JournalEntry>>> pending = new ArrayList<>();
    List<SpooledMessage> spooled = new ArrayList<>();
    List<Outcome> early = new ArrayList<>();
    try (message) {
      for (Recipient recipient : recipients) {
        early.add(spoolAndSubmit(returnPath, recipient, message, spooled, pending));
      }
    } catch (IOException e) {
      LOG.warn("Could not remove the spill file of a received message: {}", e.getMessage());
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < recipients.size(); i++) {
      outcomes.add(early.get(i) != null ? early.get(i) : await(pending.get(i), spooled.get(i)));
    }
    return outcomes;
  }

  private Outcome spoolAndSubmit(String returnPath, Recipient recipient, IncomingMessage message,
      List<SpooledMessage> spooled, List<CompletableFuture<List<JournalEntry>>> pending) {
    spooled.add(null);
    pending.add(null);
    try (InputStream body = message.open()) {
      SpooledMessage file = store.spool().write(prefix(returnPath, recipient.address()), body,
          message.length(), message.lines());
      spooled.set(spooled.size() - 1, file);
      pending.set(pending.size() - 1, store.submit(MessageIntents.deliver(recipient.user(),
          Names.INBOX, file, List.of(), clock.millis())));
      return null;
    } catch (StoreException e) {
      return Outcome.permanentFailure(e.getMessage());
    } catch (IOException e) {
      LOG.error("Could not spool a message for {}: {}", recipient.user(), e.toString());
      return freeSpace.isLow() ? Outcome.storeFull("Mail store is full")
          : Outcome.temporaryFailure("Could not write the message; try again later");
    }
  }

  private Outcome await(CompletableFuture<List<JournalEntry>> future, SpooledMessage file) {
    try {
      List<JournalEntry> entries = future.get();
      long seq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
      java.util.Optional<String> notConfirmed = ackGate.awaitReplica(seq);
      if (notConfirmed.isPresent()) {
        // Stored here but not confirmed by the replica: the MTA retries, which may deliver it
        // twice but can never lose it (replication.unreachable = tempfail).
        return Outcome.temporaryFailure(notConfirmed.get());
      }
      return Outcome.delivered("Delivered");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.temporaryFailure("Interrupted; try again later");
    } catch (ExecutionException e) {
      discard(file);
      Throwable cause = e.getCause();
      if (cause instanceof StoreException refused) {
        return refused.reason() == StoreException.Reason.NOT_PRIMARY
            ? Outcome.temporaryFailure(refused.getMessage())
            : Outcome.permanentFailure(refused.getMessage());
      }
      return Outcome.temporaryFailure("The store could not take the message; try again later");
    }
  }

  private void discard(SpooledMessage file) {
    try {
      store.spool().discard(file);
    } catch (IOException e) {
      LOG.warn("Could not remove spool file {}: {}", file.base(), e.getMessage());
    }
  }

  /** {@code Return-Path:} and {@code Delivered-To:} as an MDA writes them (RFC 5321 §4.4). */
  static byte[] prefix(String returnPath, String recipient) {
    return ("Return-Path: <" + returnPath + ">\nDelivered-To: " + recipient + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The user a recipient address is for: the local part, without {@code +detail}, lower-case. */
  static String userOf(String address) {
    int at = address.lastIndexOf('@');
    String local = at < 0 ? address : address.substring(0, at);
    if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
      local = local.substring(1, local.length() - 1);
    }
    int plus = local.indexOf('+');
    return (plus < 0 ? local : local.substring(0, plus)).toLowerCase(Locale.ROOT);
  }
}
