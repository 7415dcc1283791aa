package io.tandem.imap.server;

import io.tandem.config.PlaintextAuth;
import io.tandem.imap.protocol.ImapCommand;
import io.tandem.imap.protocol.ImapLimits;
import io.tandem.store.StoreException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's IMAP session (RFC 3501 §3): not authenticated, authenticated, selected, logout.
 * Commands of the first two states are handled here; those of a selected mailbox by {@link
 * SessionView} and mailbox management by {@link MailboxCommands}. Methods are synchronized:
 * the connection's thread runs commands, and the notifier thread pushes changes while the client
 * idles.
 */
final class ImapSession {
  private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);

  /** The states of RFC 3501 §3. */
  enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

  private final ImapContext context;
  private final ImapOutput out;
  private final SessionChannel channel;
  private final AtomicBoolean changed = new AtomicBoolean();
  private final MailboxCommands mailboxes;
  private final EnabledExtensions extensions = new EnabledExtensions();
  private State state = State.NOT_AUTHENTICATED;
  private String user;
  private SessionView view;
  /** Set while the client idles; read without the lock by the store's writer thread. */
  private volatile String idleTag;

  ImapSession(ImapContext context, ImapOutput out, SessionChannel channel) {
    this.context = context;
    this.out = out;
    this.channel = channel;
    this.mailboxes = new MailboxCommands(context, out);
  }

  synchronized State state() {
    return state;
  }

  /** The logged-in user, or null. */
  synchronized String user() {
    return user;
  }

  /** The limits a command may use now: smaller before login. */
  synchronized ImapLimits limits() {
    return state == State.NOT_AUTHENTICATED
        ? ImapLimits.notAuthenticated() : context.settings().authenticatedLimits();
  }

  /** How long the client may stay silent now. */
  synchronized Duration readTimeout() {
    return state == State.NOT_AUTHENTICATED
        ? context.settings().imap().loginTimeout()
        : context.settings().imap().idleTimeout();
  }

  synchronized void greet() throws IOException {
    out.untagged("OK [CAPABILITY " + capabilities() + "] Tandem IMAP on "
        + context.settings().applianceName() + " ready");
    out.flush();
  }

  /** Something changed in this user's mail: refresh before the next response. */
  void markChanged() {
    changed.set(true);
  }

  boolean idling() {
    return idleTag != null;
  }

  /**
   * Runs one command.
   *
   * @return false when the session is over (LOGOUT)
   */
  synchronized boolean run(ImapCommand command) throws IOException {
    String tag = command.tag();
    try {
      dispatch(command);
    } catch (StoreException e) {
      out.tagged(tag, "NO", StoreReplies.of(e, command));
    } catch (SQLException e) {
      LOG.error("IMAP {} for {}: the index could not be read: {}", name(command), user,
          e.toString());
      out.tagged(tag, "NO", "[SERVERBUG] The mail index could not be read; try again later");
    } catch (RuntimeException e) {
      // A defect, not the client's fault: answer, log with the stack, and keep the session.
      LOG.error("IMAP {} for {} failed", name(command), user, e);
      out.tagged(tag, "NO", "[SERVERBUG] Internal error; the event is logged");
    }
    out.flush();
    return state != State.LOGOUT;
  }

  private void dispatch(ImapCommand command) throws IOException, StoreException, SQLException {
    String tag = command.tag();
    if (command instanceof ImapCommand.Capability) {
      out.untagged("CAPABILITY " + capabilities());
      ok(tag, "CAPABILITY completed");
    } else if (command instanceof ImapCommand.Noop || command instanceof ImapCommand.Check) {
      if (command instanceof ImapCommand.Check && state != State.SELECTED) {
        wrongState(command);
        return;
      }
      updates(true);
      ok(tag, name(command) + " completed");
    } else if (command instanceof ImapCommand.Logout) {
      out.untagged("BYE Tandem IMAP logging out");
      ok(tag, "LOGOUT completed");
      state = State.LOGOUT;
    } else if (command instanceof ImapCommand.Id) {
      out.untagged("ID (\"name\" \"Tandem\" \"vendor\" \"Tandem\")");
      ok(tag, "ID completed");
    } else if (state == State.NOT_AUTHENTICATED) {
      notAuthenticated(command);
    } else if (command instanceof ImapCommand.StartTls
        || command instanceof ImapCommand.Login
        || command instanceof ImapCommand.Authenticate) {
      out.tagged(tag, "BAD", "Already logged in");
    } else if (command instanceof ImapCommand.Enable enable) {
      enable(tag, enable);
    } else if (command instanceof ImapCommand.Namespace) {
      out.untagged("NAMESPACE ((\"\" \".\")) NIL NIL");
      ok(tag, "NAMESPACE completed");
    } else if (command instanceof ImapCommand.Idle) {
      idleTag = tag;
      out.continuation("idling");
      pushUpdates();
    } else if (command instanceof ImapCommand.Select select) {
      select(select);
    } else if (state == State.SELECTED && view.handles(command)) {
      view.run(command);
      if (view.closed()) {
        view = null;
        state = State.AUTHENTICATED;
      }
    } else if (mailboxes.handles(command)) {
      String done = mailboxes.run(user, command);
      updates(true);
      ok(tag, done);
    } else {
      wrongState(command);
    }
  }

  private void notAuthenticated(ImapCommand command) throws IOException {
    String tag = command.tag();
    if (command instanceof ImapCommand.StartTls) {
      if (!channel.canStartTls()) {
        out.tagged(tag, "BAD", channel.secure() ? "TLS is already active"
            : "STARTTLS is not available: no TLS certificate is configured");
        return;
      }
      ok(tag, "Begin TLS negotiation now");
      channel.startTls();
    } else if (command instanceof ImapCommand.Login login) {
      login(tag, login.user(), login.password().toCharArray(), null);
    } else if (command instanceof ImapCommand.Authenticate authenticate) {
      authenticate(tag, authenticate);
    } else {
      out.tagged(tag, "BAD", "Log in first (LOGIN or AUTHENTICATE PLAIN)");
    }
  }

  private void authenticate(String tag, ImapCommand.Authenticate command) throws IOException {
    if (!command.mechanism().equalsIgnoreCase("PLAIN")) {
      out.tagged(tag, "NO", "[CANNOT] Only AUTHENTICATE PLAIN is supported");
      return;
    }
    if (!plaintextAllowed()) {
      out.tagged(tag, "NO", "[PRIVACYREQUIRED] Use STARTTLS or the TLS port before logging in");
      return;
    }
    String response;
    if (command.initialResponse().isPresent()) {
      response = command.initialResponse().get();
      response = response.equals("=") ? "" : response;
    } else {
      out.continuation("");
      response = channel.readLine();
      if (response == null) {
        state = State.LOGOUT;
        return;
      }
      if (response.equals("*")) {
        out.tagged(tag, "BAD", "AUTHENTICATE cancelled");
        return;
      }
    }
    Optional<Authenticator.PlainResponse> plain = Authenticator.decodePlain(response);
    if (plain.isEmpty()) {
      out.tagged(tag, "BAD", "Malformed PLAIN response (base64 of authzid NUL authcid NUL"
          + " password expected)");
      return;
    }
    login(tag, plain.get().authenticate(), plain.get().password(), plain.get());
  }

  /** LOGIN, or PLAIN when {@code plain} is given. */
  private void login(String tag, String name, char[] password,
      Authenticator.PlainResponse plain) throws IOException {
    if (!plaintextAllowed()) {
      out.tagged(tag, "NO", "[PRIVACYREQUIRED] Use STARTTLS or the TLS port before logging in");
      return;
    }
    if (!context.role().acceptsWrites()) {
      out.tagged(tag, "NO", "[UNAVAILABLE] This appliance is not the primary of its pair;"
          + " connect to the primary");
      return;
    }
    String ip = channel.remoteIp();
    LoginThrottle throttle = context.throttle();
    if (throttle.blocked(ip, name)) {
      out.tagged(tag, "NO", "[UNAVAILABLE] Too many failed logins; try again later");
      return;
    }
    Optional<String> who = plain == null
        ? context.authenticator().login(name, password)
        : context.authenticator().plain(plain);
    if (who.isEmpty()) {
      Duration delay = throttle.failed(ip, name);
      LOG.warn("IMAP login failed for '{}' from {}", printable(name), channel.remoteAddress());
      sleep(delay);
      out.tagged(tag, "NO", "[AUTHENTICATIONFAILED] Authentication failed");
      return;
    }
    throttle.succeeded(ip);
    user = who.get();
    state = State.AUTHENTICATED;
    context.sessions().loggedIn(this, user);
    LOG.info("IMAP login of {} from {}{}", user, channel.remoteAddress(),
        plain != null && !plain.authorize().isEmpty() && !plain.authorize().equals(name)
            ? " (by proxy user " + name + ")" : "");
    ok(tag, "[CAPABILITY " + capabilities() + "] Logged in");
  }

  private void enable(String tag, ImapCommand.Enable enable) throws IOException {
    StringBuilder enabled = new StringBuilder();
    for (String capability : enable.capabilities()) {
      if (capability.equals("CONDSTORE") || capability.equals("QRESYNC")) {
        boolean qresync = capability.equals("QRESYNC");
        if (!extensions.isEnabled(capability)) {
          extensions.enable(capability);
          enabled.append(' ').append(capability);
        }
        if (qresync) {
          extensions.enable("CONDSTORE");
        }
      }
    }
    out.untagged("ENABLED" + enabled);
    ok(tag, "ENABLE completed");
  }

  private void select(ImapCommand.Select select) throws IOException, StoreException,
      SQLException {
    if (view != null) {
      // RFC 7162 §3.2.8: the old mailbox is closed first, and QRESYNC clients are told so.
      view = null;
      state = State.AUTHENTICATED;
      if (extensions.isEnabled("QRESYNC")) {
        out.untagged("OK [CLOSED] Previous mailbox closed");
      }
    }
    if (select.condstore() || select.qresync().isPresent()) {
      extensions.enable("CONDSTORE");
    }
    if (select.qresync().isPresent() && !extensions.isEnabled("QRESYNC")) {
      out.tagged(select.tag(), "BAD", "QRESYNC must be enabled first (ENABLE QRESYNC)");
      return;
    }
    changed.set(false);
    SessionView opened = SessionView.open(context, out, extensions, user, select);
    if (opened != null) {
      view = opened;
      state = State.SELECTED;
    }
  }

  /** Pushes changes to an idling client; runs on the notifier thread. */
  synchronized void pushUpdates() {
    if (idleTag == null) {
      return;
    }
    try {
      updates(true);
      out.flush();
    } catch (IOException e) {
      LOG.debug("IMAP: pushing changes to {} failed: {}", user, e.toString());
    }
  }

  /** The client sent DONE. */
  synchronized void endIdle() throws IOException {
    String tag = idleTag;
    idleTag = null;
    if (tag != null) {
      updates(true);
      ok(tag, "IDLE terminated");
    }
  }

  /** Sends what changed since the last response, when anything did. */
  private void updates(boolean allowExpunge) throws IOException {
    if (view == null || !changed.getAndSet(false)) {
      return;
    }
    try {
      view.sendUpdates(allowExpunge);
    } catch (SQLException | StoreException e) {
      changed.set(true);
      LOG.warn("IMAP: reading changes for {} failed: {}", user, e.toString());
    }
    if (view.closed()) {
      view = null;
      state = State.AUTHENTICATED;
    }
  }

  /** Ends the session from outside (failover, shutdown) with an untagged BYE. */
  void bye(String text) {
    out.bye(text);
  }

  String capabilities() {
    StringBuilder caps = new StringBuilder("IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE");
    if (state == State.NOT_AUTHENTICATED) {
      if (channel.canStartTls()) {
        caps.append(" STARTTLS");
      }
      caps.append(plaintextAllowed() ? " AUTH=PLAIN" : " LOGINDISABLED");
    } else {
      caps.append(" NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN SPECIAL-USE LIST-EXTENDED"
          + " LIST-STATUS CONDSTORE QRESYNC");
    }
    return caps.toString();
  }

  private boolean plaintextAllowed() {
    PlaintextAuth policy = context.settings().imap().plaintextAuth();
    return channel.secure() || policy == PlaintextAuth.ALLOW
        || (policy == PlaintextAuth.TLS_OR_LOOPBACK && channel.loopback());
  }

  private void wrongState(ImapCommand command) throws IOException {
    out.tagged(command.tag(), "BAD", name(command) + " is not valid "
        + (state == State.SELECTED ? "here" : state == State.AUTHENTICATED
            ? "without a selected mailbox" : "before login"));
  }

  private void ok(String tag, String text) throws IOException {
    out.tagged(tag, "OK", text);
  }

  static String name(ImapCommand command) {
    return command.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  private static String printable(String text) {
    return text.replaceAll("[\\p{Cntrl}]", "?");
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
