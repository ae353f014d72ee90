package dev.transitsidecar.inject;

import static dev.transitsidecar.testing.HelmChart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.reliability.RunningSidecar;
import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.HelmChart;
import dev.transitsidecar.testing.HelmChart.Rendered;
import dev.transitsidecar.testing.PromQl;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's monitoring (off by default): the ServiceMonitor and PodMonitor scrape the ports the webhook and the
 * injected sidecar serve {@code /metrics} on, every alert expression and dashboard query parses ({@link PromQl}),
 * and every metric they name is served by a running sidecar (its health port, as the PodMonitor scrapes it) or a
 * running webhook: a renamed metric fails here, not silently on a dashboard.
 */
class ChartMonitoringTest {
  /** Series Prometheus makes itself, not scraped from a target. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(([A-Za-z_:][A-Za-z0-9_:]*)");

  @TempDir
  static Path dir;
  static Set<String> served;

  @BeforeAll
  static void scrapeASidecarAndAWebhook() throws Exception {
    served = new TreeSet<>();
    try (RunningSidecar sidecar = RunningSidecar.withMasterKey(dir, new byte[32], listen -> listen)) {
      String ciphertext = new JsonObject(post(sidecar, "/v1/transit/encrypt/kasten", "{\"plaintext\":\"aGVsbG8=\"}"))
          .getJsonObject("data").getString("ciphertext");
      post(sidecar, "/v1/transit/decrypt/kasten", "{\"ciphertext\":\"" + ciphertext + "\"}");
      post(sidecar, "/v1/transit/decrypt/kasten", "{\"ciphertext\":\"" + ciphertext + "\"}");
      served.addAll(names(Http.send(Http.request("http://127.0.0.1:" + sidecar.healthPort, "/metrics").GET()
          .build()).body()));
    }
    SidecarRuntime runtime = SidecarRuntime.withServerMetrics();
    TestCertificates.Issued certificate = TestCertificates.issue("webhook-1");
    Path tls = java.nio.file.Files.createDirectories(dir.resolve("tls"));
    certificate.writeTo(tls);
    WebhookConfig config = new WebhookConfig(0, tls.resolve("tls.crt"), tls.resolve("tls.key"), Pods.WEBHOOK.image(),
        Pods.WEBHOOK.vaultAddress(), false);
    Webhook webhook = Webhook.start(runtime.vertx(), config, runtime.registry(), new FakeScheduler(new FakeClock()))
        .await();
    try {
      var client = java.net.http.HttpClient.newBuilder().sslContext(TestCertificates.trusting(certificate.ca()))
          .build();
      String base = "https://localhost:" + webhook.port();
      client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/mutate")).header("Content-Type",
          "application/json").POST(HttpRequest.BodyPublishers.ofString(WebhookFixture.podCreation("u1", "apps",
          Pods.withAnnotations(Pods.injectToken())).encode())).build(), java.net.http.HttpResponse.BodyHandlers
          .discarding());
      served.addAll(names(client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body()));
    } finally {
      webhook.close().await();
      runtime.vertx().close().await();
    }
  }

  private static Rendered monitoringOn() {
    return HelmChart.render(values("monitoring.serviceMonitor.enabled", true, "monitoring.podMonitor.enabled", true,
        "monitoring.prometheusRule.enabled", true, "monitoring.dashboard.enabled", true));
  }

  @Test
  void defaults_noMonitoringObjects() {
    assertThat(HelmChart.render(values()).kindsAndNames()).noneMatch(k -> k.startsWith("ServiceMonitor")
        || k.startsWith("PodMonitor") || k.startsWith("PrometheusRule") || k.startsWith("ConfigMap"));
  }

  @Test
  void monitors_scrapeThePortsTheWebhookAndTheSidecarServeMetricsOn() {
    Rendered rendered = monitoringOn();
    ServiceMonitor serviceMonitor = rendered.one(ServiceMonitor.class);
    PodMonitor podMonitor = rendered.one(PodMonitor.class);
    Service service = rendered.one(Service.class);

    assertThat(serviceMonitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
      assertThat(e.getPort()).isEqualTo(service.getSpec().getPorts().getFirst().getName());
      assertThat(e.getScheme()).isEqualTo("https");
      assertThat(e.getPath()).isEqualTo("/metrics");
    });
    assertThat(serviceMonitor.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
    assertThat(podMonitor.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(e -> {
      assertThat(e.getPort()).isEqualTo(SidecarContainer.HEALTH_PORT_NAME);
      assertThat(e.getPath()).isEqualTo("/metrics");
    });
  }

  @Test
  void alerts_everyExpressionParsesAndNamesOnlyServedMetrics() {
    List<Rule> rules = monitoringOn().one(PrometheusRule.class).getSpec().getGroups().getFirst().getRules();

    assertThat(rules).extracting(Rule::getAlert).contains("TransitSidecarNotReady", "TransitSidecarTokenExpiring",
        "TransitSidecarVaultCircuitOpen", "TransitSidecarServingStale", "TransitSidecarMasterKeyUnavailable",
        "TransitSidecarMasterKeyUnwrapFailing", "TransitSidecarWebhookDenying", "TransitSidecarWebhookFailing");
    for (Rule rule : rules) {
      assertThat(rule.getLabels()).containsKey("severity");
      assertThat(rule.getAnnotations()).containsKeys("summary", "description");
      assertThat(PromQl.metricNames(rule.getExpr().getStrVal())).as(rule.getAlert()).allSatisfy(this::isServed);
    }
  }

  @Test
  void dashboard_aGrafanaConfigMapWhoseQueriesParseAndNameOnlyServedMetrics() {
    ConfigMap dashboard = monitoringOn().one(ConfigMap.class);
    JsonObject json = new JsonObject(dashboard.getData().get("transit-sidecar.json"));

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    List<String> queries = new ArrayList<>();
    for (Object panel : json.getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) panel).getJsonArray("targets", new JsonArray());
      targets.forEach(t -> queries.add(((JsonObject) t).getString("expr")));
    }
    assertThat(queries).hasSizeGreaterThan(15);
    for (String query : queries) {
      assertThat(PromQl.metricNames(grafanaVariablesReplaced(query))).as(query).isNotEmpty()
          .allSatisfy(this::isServed);
    }
    for (Object variable : json.getJsonObject("templating").getJsonArray("list")) {
      Matcher metric = LABEL_VALUES.matcher(((JsonObject) variable).getString("query"));
      while (metric.find()) {
        isServed(metric.group(1));
      }
    }
    assertThat(String.join("\n", queries)).contains("transit_sidecar_webhook_admissions_total",
        "transit_sidecar_request_duration_seconds_bucket", "transit_sidecar_cache_stale_total",
        "transit_sidecar_token_ttl_seconds", "transit_sidecar_vault_circuit_state", "transit_sidecar_memory_locked",
        "vertx_http_server_response_time_seconds_sum");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rate(x[5m]", "sum by (pod (x)", "nosuchfunction(x)", "x{a=b}", "x[5]", "x > > 1",
      "sum(rate(x[5m])) by", "x{a=\"b\"", "rate(x[5m])) "})
  void promQl_malformedExpression_refused(String expression) {
    assertThatThrownBy(() -> PromQl.metricNames(expression)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PromQL at ");
  }

  @Test
  void promQl_readsTheMetricNames() {
    assertThat(PromQl.metricNames("(a > 0 and a < 300) and on (namespace, pod) (increase(b{r=\"f\"}[15m]) > 0)"
        + " or histogram_quantile(0.99, sum by (le) (rate(c_bucket[5m]))) / ignoring(x) group_left d offset 1h"))
        .containsExactly("a", "b", "c_bucket", "d");
  }

  private void isServed(String metric) {
    if (!PROMETHEUS_OWN.contains(metric)) {
      assertThat(served).as("metrics served by the sidecar and the webhook").contains(metric);
    }
  }

  private static String grafanaVariablesReplaced(String query) {
    return query.replace("$__rate_interval", "5m").replaceAll("\\$\\{?[A-Za-z_]+}?", "x");
  }

  private static String post(RunningSidecar sidecar, String path, String body) {
    Http.Answer answer = Http.send(Http.request(sidecar.base(), path).header("X-Vault-Request", "true")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertThat(answer.status()).as(path).isEqualTo(200);
    return answer.body();
  }

  /** The metric names of a Prometheus text exposition (series names, so histograms give _bucket, _sum, _count). */
  private static Set<String> names(String exposition) {
    Set<String> names = new TreeSet<>();
    exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
    return names;
  }
}
