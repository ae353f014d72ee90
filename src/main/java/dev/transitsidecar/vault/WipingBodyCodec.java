package dev.transitsidecar.vault;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a Vault response body into one buffer of exactly its size and zeros every chunk it came in. The stock
 * codec appends each chunk to a growing buffer and drops the chunk, so each response that carried a plaintext (the
 * master key's unwrap, a decrypt the cache keeps) left an unwiped copy of it on the heap until the next GC
 * (SecretsHeapDumpIT found it in a heap dump). The one buffer this codec answers is the caller's to wipe.
 */
final class WipingBodyCodec implements BodyCodec<Buffer> {
  static final WipingBodyCodec INSTANCE = new WipingBodyCodec();

  private WipingBodyCodec() {}

  @Override
  public BodyStream<Buffer> stream() {
    return new Collector();
  }

  private static final class Collector implements BodyStream<Buffer> {
    private final List<Buffer> chunks = new ArrayList<>();
    private final Promise<Buffer> result = Promise.promise();

    @Override
    public Future<Buffer> result() {
      return result.future();
    }

    @Override
    public void handle(Throwable failure) {
      wipeChunks();
      result.tryFail(failure);
    }

    @Override
    public Future<Void> write(Buffer chunk) {
      if (result.future().isComplete()) {
        chunk.setBytes(0, new byte[chunk.length()]);
        return Future.failedFuture("the body is already complete");
      }
      chunks.add(chunk);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      int total = 0;
      for (Buffer chunk : chunks) {
        total += chunk.length();
      }
      Buffer body = Buffer.buffer(total);
      for (Buffer chunk : chunks) {
        body.appendBuffer(chunk);
      }
      wipeChunks();
      result.tryComplete(body);
      return Future.succeededFuture();
    }

    private void wipeChunks() {
      for (Buffer chunk : chunks) {
        chunk.setBytes(0, new byte[chunk.length()]);
      }
      chunks.clear();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
