# syntax=docker/dockerfile:1
# transit-sidecar: one image for the sidecar (args: run) and the injection webhook (args: webhook).
# Build:  docker build -t registry.example.com/transit-sidecar:0.1.0 .
# It runs as a non-root user (65532) and writes nothing outside /tmp, so it runs with a read-only root file system
# when /tmp is an emptyDir (the injected sidecar and the chart's webhook Deployment mount one).

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package
# The Java runtime the image runs (docs/development.md): the jar's modules jlink'ed, the jar, the AOT cache of a
# training run and the entry point, in target/runtime.
COPY scripts scripts
RUN scripts/build-runtime

# No Java of its own: the runtime built above is the only one. glibc is all it needs from the system.
FROM debian:bookworm-slim
# The JVM options of the sidecar and the webhook (dev.transitsidecar.inject.JvmOptions; tests keep them equal to the
# entry point's, the injected container's and the chart's), chosen with bench/run (docs/performance.md), and glibc's
# arena limit beside them. The AOT cache was made with exactly these.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx24m -Xss256k -XX:ReservedCodeCacheSize=32m -XX:TrimNativeHeapInterval=1000 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -XX:ActiveProcessorCount=1 -XX:ErrorFile=/dev/null -XX:-CreateCoredumpOnCrash -XX:+ShowCodeDetailsInExceptionMessages"
ENV MALLOC_ARENA_MAX=2
# COPY keeps the jar's modification time, which the AOT cache checks.
COPY --from=build /src/target/runtime /app
USER 65532:65532
WORKDIR /app
EXPOSE 8200 8299 8443
ENTRYPOINT ["/app/run"]
CMD ["run"]
