package dev.transitsidecar.auth;

import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token method: checks {@code auth.tokenFile} every {@link #INTERVAL} (Vert.x has no file watcher; a mounted Secret
 * changes through a symlink swap anyway). When the content changes to a token other than the one in use, it is checked
 * with {@code lookup-self} and adopted; a refused one is reported and the current token kept. Runs on the watcher's
 * context; the file is read by Vert.x's file system on a worker.
 */
final class TokenFileWatch {
  static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(TokenFileWatch.class);

  private final Lifecycle lifecycle;
  private final TokenFileLogin file;
  private final AuthState state;
  private byte[] lastDigest;
  private String lastProblem;
  private Cancellable tick = () -> { };
  private boolean closed;

  TokenFileWatch(Lifecycle lifecycle, TokenFileLogin file, AuthState state) {
    this.lifecycle = lifecycle;
    this.file = file;
    this.state = state;
  }

  Future<Void> start() {
    return lifecycle.agenda().onContext(() -> {
      scheduleNext();
      return Future.succeededFuture();
    });
  }

  Future<Void> close() {
    return lifecycle.agenda().onContext(() -> {
      closed = true;
      tick.cancel();
      return Future.succeededFuture();
    });
  }

  private void scheduleNext() {
    if (!closed) {
      tick = lifecycle.agenda().schedule(INTERVAL, this::check);
    }
  }

  /** One look at the file; the next is scheduled once this one is done, so two never overlap. */
  private void check() {
    file.readFile()
        .compose(this::changed)
        .onFailure(this::unreadable)
        .onComplete(done -> scheduleNext());
  }

  private Future<Void> changed(VaultToken candidate) {
    lastProblem = null;
    byte[] digest = digest(candidate);
    if (Arrays.equals(digest, lastDigest)) {
      return Future.succeededFuture();
    }
    if (state.lastToken().filter(candidate::sameAs).isPresent()) {
      lastDigest = digest;
      return Future.succeededFuture();
    }
    LOG.info("the token file {} changed: checking the new token with Vault", file.file());
    return lifecycle.check(candidate)
        .onSuccess(held -> adopt(held, digest))
        .onFailure(failure -> refused(failure, digest))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void adopt(Held held, byte[] digest) {
    lastDigest = digest;
    file.fromFile(held.token());
    LOG.info("the new token from {} was accepted", file.file());
    lifecycle.adopt(held);
  }

  private void refused(Throwable failure, byte[] digest) {
    String what = "the new token in " + file.file() + " " + VaultErrors.describe(failure);
    if (failure instanceof VaultRejected) {
      lastDigest = digest;
      LOG.warn("{}; {}", what, state.authenticated() ? "keeping the current token" : "still not authenticated");
    } else {
      LOG.debug("{}; trying again in {}", what, Timing.human(INTERVAL));
    }
  }

  private void unreadable(Throwable failure) {
    String problem = failure.getMessage();
    if (!problem.equals(lastProblem)) {
      LOG.warn("{}; {}", problem, state.authenticated() ? "keeping the current token" : "waiting for a token");
    }
    lastProblem = problem;
  }

  private static byte[] digest(VaultToken token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.revealForHeader().getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
