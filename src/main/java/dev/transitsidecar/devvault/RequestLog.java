package dev.transitsidecar.devvault;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The requests that reached the engine (method, path, time), newest last; bounded so a long dev run cannot grow. */
final class RequestLog {
  static final int CAPACITY = 10_000;

  private final Deque<SeenRequest> seen = new ArrayDeque<>();
  private final Clock clock;

  RequestLog(Clock clock) {
    this.clock = clock;
  }

  synchronized void add(String method, String path) {
    if (seen.size() == CAPACITY) {
      seen.removeFirst();
    }
    seen.addLast(new SeenRequest(method, path, clock.instant()));
  }

  synchronized List<SeenRequest> snapshot() {
    return List.copyOf(seen);
  }

  synchronized void clear() {
    seen.clear();
  }
}
