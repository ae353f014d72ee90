package dev.transitsidecar.inject;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throwaway CA and a server certificate for localhost and 127.0.0.1 (ECDSA P-256 unless another key algorithm is
 * asked for), written as PEM files.
 */
final class TestCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One issued server certificate with its key, and the CA that signed it. */
  record Issued(X509Certificate ca, KeyPair caKey, X509Certificate certificate, KeyPair key) {
    /** A new certificate and key from the same CA, as a renewal gives. */
    Issued renew(String commonName) {
      try {
        KeyPair serverKey = keyPair(key.getPublic().getAlgorithm());
        return new Issued(ca, caKey, sign(new X500Name("CN=" + commonName), serverKey, new X500Name("CN=test CA"),
            caKey, false), serverKey);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** Writes {@code tls.crt} (the certificate) and {@code tls.key} (PKCS#8) into {@code dir}, replacing them. */
    void writeTo(Path dir) {
      write(dir.resolve("tls.crt"), pem(certificate));
      write(dir.resolve("tls.key"), keyPem());
    }

    /**
     * The key in the traditional encoding openssl and cert-manager write by default: PKCS #1 ({@code RSA PRIVATE
     * KEY}) for RSA; SEC 1 ({@code EC PRIVATE KEY}) for EC, with its curve and public key as openssl writes it
     * (Bouncy Castle's writer leaves the curve out of a JDK key's).
     */
    String traditionalKeyPem() {
      StringWriter text = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
        if (key.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec) {
          writer.writeObject(new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(
              ec.getParams().getOrder().bitLength(), ec.getS(),
              SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()).getPublicKeyData(),
              PrivateKeyInfo.getInstance(ec.getEncoded()).getPrivateKeyAlgorithm().getParameters()).getEncoded()));
        } else {
          writer.writeObject(key.getPrivate());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return text.toString();
    }

    /** The CA certificate's PEM text. */
    String caPem() {
      return pem(ca);
    }

    /** The certificate's PEM text. */
    String certificatePem() {
      return pem(certificate);
    }

    /** The key file's text (PKCS #8), to check that it never shows up where it must not. */
    String keyPem() {
      try {
        return pem(new JcaPKCS8Generator(key.getPrivate(), null));
      } catch (java.io.IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private TestCertificates() {}

  /** A new CA and a certificate from it, with the given common name. */
  static Issued issue(String commonName) {
    return issue(commonName, "EC");
  }

  /** The same with a server key of {@code keyAlgorithm}: EC (P-256), RSA (2048 bits) or Ed25519. */
  static Issued issue(String commonName, String keyAlgorithm) {
    try {
      KeyPair caKey = keyPair("EC");
      X509Certificate ca = sign(new X500Name("CN=test CA"), caKey, new X500Name("CN=test CA"), caKey, true);
      KeyPair serverKey = keyPair(keyAlgorithm);
      X509Certificate server = sign(new X500Name("CN=" + commonName), serverKey, new X500Name("CN=test CA"), caKey,
          false);
      return new Issued(ca, caKey, server, serverKey);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An SSL context that trusts only this CA. */
  static SSLContext trusting(X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificate a new TLS connection to 127.0.0.1:port is shown (trusting anything, to look only). */
  static X509Certificate served(int port) {
    return servedChain(port)[0];
  }

  /** The whole chain a new TLS connection to 127.0.0.1:port is shown, the server's certificate first. */
  static X509Certificate[] servedChain(int port) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new LookOnly()}, RANDOM);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return Arrays.stream(socket.getSession().getPeerCertificates())
            .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    switch (algorithm) {
      case "EC" -> generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      case "RSA" -> generator.initialize(2048, RANDOM);
      default -> { }
    }
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
      boolean ca) throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
        subjectKey.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ca) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
  }

  private static String pem(X509Certificate certificate) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static String pem(JcaPKCS8Generator key) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(key.generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void write(Path file, String content) {
    try {
      Path temp = Files.createTempFile(file.getParent(), ".tmp", null);
      Files.writeString(temp, content);
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accepts any certificate: only for looking at what a server presents. */
  private static final class LookOnly implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
