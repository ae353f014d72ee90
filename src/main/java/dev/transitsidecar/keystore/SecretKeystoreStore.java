package dev.transitsidecar.keystore;

import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.kube.KubeConflictException;
import dev.transitsidecar.kube.KubeException;
import dev.transitsidecar.kube.Secret;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * The keystore in a Kubernetes Secret, under one data key, read and written through the API server with optimistic
 * concurrency: every write is an update carrying the {@code resourceVersion} that was read, so a write over a change
 * made since fails with a {@link KeystoreConflictException} and changes nothing. No hold: a rotation that starts
 * records a {@link WriterClaim} in the Secret's annotation {@value WriterClaim#ANNOTATION} instead, and that
 * rotation's write of the keystore clears it (the {@code keystore} commands leave it). The Secret's data is only ever replaced by a keystore with the same {@code key_id}. Other
 * keys, labels and annotations of the Secret are kept.
 */
public final class SecretKeystoreStore implements KeystoreStore {
  private final KubeClient client;
  private final String namespace;
  private final String name;
  private final String key;
  /** The Secret as last read or written, so that a write over it needs no second read. */
  private volatile Optional<Secret> last = Optional.empty();

  public SecretKeystoreStore(KubeClient client, String namespace, String name, String key) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.key = key;
  }

  @Override
  public String where() {
    return "Secret " + namespace + "/" + name + " (key " + key + ")";
  }

  @Override
  public Future<Hold> hold() {
    return Future.succeededFuture(Hold.NONE);
  }

  @Override
  public Future<Stored> read() {
    return secret()
        .map(secret -> stored(secret.orElseThrow(() -> new KeystoreException("Secret " + namespace + "/" + name
            + " does not exist: create the keystore with `keystore init`"))));
  }

  @Override
  public Future<Void> requireAbsent() {
    return secret()
        .compose(found -> found.isPresent() && found.get().data(key).isPresent()
            ? Future.failedFuture(exists())
            : Future.succeededFuture());
  }

  @Override
  public Future<Stored> create(Hold hold, Keystore keystore) {
    Buffer content = KeystoreFormat.format(keystore);
    return secret()
        .compose(found -> {
          if (found.isPresent() && found.get().data(key).isPresent()) {
            return Future.failedFuture(exists());
          }
          return found.isPresent()
              ? client.replaceSecret(found.get().withData(key, content.getBytes()))
              : client.createSecret(Secret.create(namespace, name).withData(key, content.getBytes()));
        })
        .recover(this::failure)
        .map(this::stored);
  }

  @Override
  public Future<Stored> replace(Hold hold, Stored from, Keystore next, boolean endsClaim) {
    FileKeystoreStore.requireSameKey(from.keystore(), next, where());
    return current(from)
        .map(secret -> secret.withData(key, KeystoreFormat.format(next).getBytes()))
        .map(secret -> endsClaim ? secret.withAnnotation(WriterClaim.ANNOTATION, Optional.empty()) : secret)
        .compose(client::replaceSecret)
        .recover(this::failure)
        .map(this::stored);
  }

  @Override
  public Future<Stored> claim(Hold hold, Stored from, WriterClaim claim) {
    return current(from)
        .compose(secret -> client.replaceSecret(secret.withAnnotation(WriterClaim.ANNOTATION,
            Optional.of(claim.encode()))))
        .recover(this::failure)
        .map(this::stored);
  }

  /**
   * The Secret {@code from} was read from, to write over: the one this store last saw when its version is
   * {@code from}'s (the API server refuses the write if it changed since: a conflict), else read again and compared.
   */
  private Future<Secret> current(Stored from) {
    Optional<Secret> seen = last.filter(s -> s.resourceVersion().orElse("").equals(from.version()));
    if (seen.isPresent()) {
      return Future.succeededFuture(seen.get());
    }
    return client.getSecret(namespace, name)
        .compose(secret -> secret.resourceVersion().orElse("").equals(from.version())
            ? Future.succeededFuture(secret)
            : Future.failedFuture(conflict()));
  }

  private Future<Optional<Secret>> secret() {
    return client.getSecret(namespace, name)
        .map(Optional::of)
        .recover(e -> e instanceof KubeException k && k.isNotFound()
            ? Future.succeededFuture(Optional.empty())
            : failure(e));
  }

  private Stored stored(Secret secret) {
    byte[] content = secret.data(key).orElseThrow(() -> new KeystoreException(where() + " has no keystore: create"
        + " it with `keystore init`"));
    if (content.length > KeystoreFile.MAX_BYTES) {
      throw new KeystoreException(where() + ": keystore damaged: " + content.length + " bytes is too big for a"
          + " keystore; it was left as it is");
    }
    Keystore keystore;
    try {
      keystore = KeystoreFormat.parse(Buffer.buffer(content));
    } catch (KeystoreException e) {
      throw new KeystoreException(where() + ": " + e.getMessage() + "; it was left as it is");
    }
    Optional<WriterClaim> claim = secret.annotation(WriterClaim.ANNOTATION).flatMap(WriterClaim::parse);
    last = Optional.of(secret);
    return new Stored(keystore, secret.resourceVersion().orElse(""), claim);
  }

  private <T> Future<T> failure(Throwable e) {
    if (e instanceof KubeConflictException) {
      return Future.failedFuture(conflict());
    }
    if (e instanceof KubeException k) {
      return Future.failedFuture(new KeystoreException(where() + ": " + k.getMessage()));
    }
    return Future.failedFuture(e);
  }

  private KeystoreException exists() {
    return new KeystoreException("the keystore in " + where() + " already exists and is never replaced (its master"
        + " key may protect data); remove that key of the Secret yourself if that is really what you want");
  }

  private KeystoreConflictException conflict() {
    return new KeystoreConflictException("the keystore in " + where() + " changed since it was read");
  }
}
