package dev.transitsidecar.inject;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * What {@code bench/run}'s webhook scenario needs before it starts the packaged webhook, made at run time: a throwaway
 * CA and a server certificate for 127.0.0.1 and localhost, and a K10-like AdmissionReview. NOT run by the build.
 *
 * <p>Usage: {@code WebhookBenchFiles DIR}. Writes {@code DIR/tls.crt} and {@code DIR/tls.key} (the webhook's
 * {@code certFile} and {@code keyFile}), {@code DIR/ca.crt} (the CA the load client trusts) and
 * {@code DIR/review.json} (the body of every {@code POST /mutate}); prints nothing.
 */
public final class WebhookBenchFiles {
  private WebhookBenchFiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: WebhookBenchFiles DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    TestCertificates.Issued tls = TestCertificates.issue("webhook-bench");
    tls.writeTo(dir);
    Files.writeString(dir.resolve("ca.crt"), pem(tls));
    Files.writeString(dir.resolve("review.json"), k10Review().encode());
  }

  /** An AdmissionReview creating a pod shaped like K10's crypto service in {@code kasten-io}. */
  private static JsonObject k10Review() {
    return WebhookFixture.podCreation("bench", "kasten-io", k10Pod());
  }

  /** A pod shaped like K10's crypto service: three containers, env, mounts, the K10 annotations. */
  private static JsonObject k10Pod() {
    JsonObject pod = PodMutatorTest.kubernetesAuth();
    JsonObject spec = pod.getJsonObject("spec");
    for (String name : new String[] {"events-svc", "garbagecollector-svc"}) {
      spec.getJsonArray("containers").add(Pods.container(name).put("env", new JsonArray()
          .add(Pods.env("VAULT_ADDR", "https://vault.vault.svc:8200")).add(Pods.env("LOG_LEVEL", "info"))));
    }
    pod.getJsonObject("metadata").getJsonObject("annotations").put("transit-sidecar.dev/native-sidecar", "true");
    return pod;
  }

  private static String pem(TestCertificates.Issued tls) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(tls.ca());
    }
    return text.toString();
  }
}
