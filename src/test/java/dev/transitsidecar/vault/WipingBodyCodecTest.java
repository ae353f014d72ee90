package dev.transitsidecar.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.codec.spi.BodyStream;
import org.junit.jupiter.api.Test;

class WipingBodyCodecTest {
  @Test
  void end_collectsChunksIntoOneExactBuffer_andZerosEveryChunk() throws Exception {
    BodyStream<Buffer> stream = WipingBodyCodec.INSTANCE.stream();
    Buffer first = Buffer.buffer("{\"data\":{\"plaintext\":");
    Buffer second = Buffer.buffer("\"c2VjcmV0\"}}");

    stream.write(first);
    stream.write(second);
    stream.end();

    Buffer body = stream.result().await();
    assertThat(body.toString()).isEqualTo("{\"data\":{\"plaintext\":\"c2VjcmV0\"}}");
    assertThat(((BufferInternal) body).getByteBuf().capacity()).isEqualTo(body.length());
    assertThat(first.getBytes()).containsOnly(0);
    assertThat(second.getBytes()).containsOnly(0);
  }

  @Test
  void failure_zerosTheChunksReceived_andFails() {
    BodyStream<Buffer> stream = WipingBodyCodec.INSTANCE.stream();
    Buffer chunk = Buffer.buffer("{\"data\":{\"plaintext\":\"c2Vj");

    stream.write(chunk);
    stream.handle(new IllegalStateException("connection reset"));

    assertThat(stream.result().failed()).isTrue();
    assertThat(chunk.getBytes()).containsOnly(0);
  }

  @Test
  void emptyBody_isAnEmptyBuffer() throws Exception {
    BodyStream<Buffer> stream = WipingBodyCodec.INSTANCE.stream();
    stream.end();
    assertThat(stream.result().await().length()).isZero();
  }
}
