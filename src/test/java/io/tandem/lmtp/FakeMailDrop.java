package io.tandem.lmtp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link MailDrop} with per-instance failure knobs. Every address is a known user
 * (the local part before any {@code +detail}) unless a knob says otherwise. Thread-safe.
 */
public final class FakeMailDrop implements MailDrop {

  /** One call to {@link #deliver}: what the store was asked to make durable. */
  public record Delivery(String returnPath, List<Recipient> recipients, byte[] body,
      String thread) {}

  private final Set<String> unknown = ConcurrentHashMap.newKeySet();
  private final Set<String> unavailable = ConcurrentHashMap.newKeySet();
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger openSpools = new AtomicInteger();
  private final CountDownLatch deliveryStarted = new CountDownLatch(1);
  private volatile String beginFailure;
  private volatile CountDownLatch deliveryGate = new CountDownLatch(0);

  /** RCPT for this address gets 550 5.1.1. */
  public FakeMailDrop unknownUser(String address) {
    unknown.add(address);
    return this;
  }

  /** RCPT for this address gets 451 4.3.0. */
  public FakeMailDrop unavailableUser(String address) {
    unavailable.add(address);
    return this;
  }

  /** Delivery to this address ends with {@code outcome} instead of DELIVERED. */
  public FakeMailDrop outcome(String address, Outcome outcome) {
    outcomes.put(address, outcome);
    return this;
  }

  /** begin() throws {@link DropUnavailableException} with this reply; null to stop. */
  public FakeMailDrop failBegin(String reply) {
    beginFailure = reply;
    return this;
  }

  /** Makes deliver() wait until the returned latch is counted down. */
  public CountDownLatch holdDeliveries() {
    CountDownLatch gate = new CountDownLatch(1);
    deliveryGate = gate;
    return gate;
  }

  /** Waits until some deliver() call has started. */
  public boolean awaitDeliveryStarted(long millis) throws InterruptedException {
    return deliveryStarted.await(millis, TimeUnit.MILLISECONDS);
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Spools begun and neither delivered nor closed: must be 0 after every session. */
  public int openSpools() {
    return openSpools.get();
  }

  @Override
  public Recipient resolve(String address) {
    if (unknown.contains(address)) {
      return Recipient.unknown(address, "");
    }
    if (unavailable.contains(address)) {
      return Recipient.unavailable(address, "");
    }
    String local = address.contains("@") ? address.substring(0, address.lastIndexOf('@')) : address;
    return Recipient.accepted(address, local.split("\\+", 2)[0]);
  }

  @Override
  public Incoming begin() throws DropUnavailableException {
    String failure = beginFailure;
    if (failure != null) {
      throw new DropUnavailableException(failure);
    }
    openSpools.incrementAndGet();
    return new Spool();
  }

  @Override
  public List<Outcome> deliver(String returnPath, List<Recipient> recipients, Incoming incoming) {
    deliveryStarted.countDown();
    try {
      deliveryGate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Spool spool = (Spool) incoming;
    deliveries.add(new Delivery(returnPath, List.copyOf(recipients), spool.bytes.toByteArray(),
        Thread.currentThread().getName()));
    spool.close();
    List<Outcome> result = new ArrayList<>();
    for (Recipient recipient : recipients) {
      result.add(outcomes.getOrDefault(recipient.address(), Outcome.delivered("stored")));
    }
    return result;
  }

  private final class Spool implements Incoming {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean closed;

    @Override
    public OutputStream body() {
      return bytes;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        openSpools.decrementAndGet();
      }
    }
  }
}
