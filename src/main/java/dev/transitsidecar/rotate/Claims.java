package dev.transitsidecar.rotate;

import dev.transitsidecar.keystore.WriterClaim;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongPredicate;

/**
 * This process's claims on a rotation, and whether another's is still live: a claim made on this host by a process
 * that is gone is abandoned at once; any other claim is live for {@link #LEASE} after it was made (a rotation's
 * claim is followed within seconds by the key's rotation, which the next run then sees and finishes).
 *
 * @param host this host's name ({@code HOSTNAME}: in a pod, the pod's name)
 * @param pid this process's id
 * @param alive whether a process of this host is running
 */
public record Claims(Clock clock, String host, long pid, LongPredicate alive) {
  static final Duration LEASE = Duration.ofMinutes(10);

  /** The system clock, this host and this process. */
  public static Claims system() {
    return new Claims(Clock.systemUTC(), hostName(), ProcessHandle.current().pid(),
        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  WriterClaim claim(String key, int fromVersion) {
    return new WriterClaim(key, fromVersion, clock.instant(), host, pid);
  }

  boolean live(WriterClaim claim) {
    if (claim.host().equals(host) && !alive.test(claim.pid())) {
      return false;
    }
    return clock.instant().isBefore(claim.at().plus(LEASE));
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
