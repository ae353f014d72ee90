package dev.transitsidecar.config;

/** The Transit proxy. */
public record ProxyConfig(CoalesceConfig coalesce) {}
