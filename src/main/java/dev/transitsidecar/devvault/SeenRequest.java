package dev.transitsidecar.devvault;

import java.time.Instant;

/**
 * A request that reached the engine, as recorded for tests: never a body, a token or a query string.
 *
 * @param method the HTTP method as sent ({@code GET}, {@code POST}, {@code LIST}, ...)
 * @param path the request path without the query, for example {@code /v1/transit/encrypt/kasten}
 * @param time when it arrived, by the engine's clock
 */
public record SeenRequest(String method, String path, Instant time) {}
