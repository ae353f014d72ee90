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

FROM eclipse-temurin:25-jre
# The JVM options of the sidecar and the webhook (dev.transitsidecar.inject.JvmOptions; a test keeps the two equal),
# chosen with bench/run (README, "Performance"), and glibc's arena limit beside them.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx32m -Xss256k -XX:ReservedCodeCacheSize=32m -XX:TrimNativeHeapInterval=1000 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -XX:ActiveProcessorCount=1 -XX:ErrorFile=/dev/null -XX:-CreateCoredumpOnCrash -XX:+ShowCodeDetailsInExceptionMessages"
ENV MALLOC_ARENA_MAX=2
COPY --from=build /src/target/transit-sidecar.jar /app/transit-sidecar.jar
USER 65532:65532
WORKDIR /app
EXPOSE 8200 8299 8443
ENTRYPOINT ["java", "-jar", "/app/transit-sidecar.jar"]
CMD ["run"]
