package dev.transitsidecar.cache;

import dev.transitsidecar.memory.SecretBytes;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Vault's decrypt answer, written from the slab: the same envelope, field for field and byte for byte, that Vault
 * (and the embedded engine) sends, with a new {@code request_id}. The buffer is allocated at its final size, so
 * appending never leaves a grown-out copy of the plaintext behind on the heap; whoever writes it to the client
 * wipes it afterwards.
 */
final class HitResponse {
  private static final byte[] AFTER_ID = "\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,\"data\":"
      .concat("{\"plaintext\":\"").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = "\"},\"wrap_info\":null,\"warnings\":null,\"auth\":null,\"mount_type\":\"transit\"}"
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEAD = "{\"request_id\":\"".getBytes(StandardCharsets.US_ASCII);
  static final String CONTENT_TYPE = "application/json";

  private HitResponse() {}

  static Buffer of(SecretBytes plaintext) {
    byte[] requestId = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
    int base64 = 4 * ((plaintext.length() + 2) / 3);
    Buffer body = Buffer.buffer(HEAD.length + requestId.length + AFTER_ID.length + base64 + TAIL.length);
    body.appendBytes(HEAD).appendBytes(requestId).appendBytes(AFTER_ID);
    plaintext.encodeBase64To(body);
    return body.appendBytes(TAIL);
  }
}
