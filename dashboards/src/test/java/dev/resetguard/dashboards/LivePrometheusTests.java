package dev.resetguard.dashboards;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.resetguard.dashboards.GrafanaDashboard.Query;
import dev.resetguard.dashboards.GrafanaDashboard.Variable;
import dev.resetguard.dashboards.PrometheusServer.ApiAnswer;
import dev.resetguard.dashboards.app.ChaosPeers;
import dev.resetguard.dashboards.app.ResetTraffic;
import dev.resetguard.dashboards.app.ResetTrafficApplication;
import dev.resetguard.metrics.ResetGuardMeters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and the alert rules against a real Prometheus: a real Boot application provokes real
 * resets of every kind the queries chart ({@link ResetTraffic}), a Prometheus child process scrapes
 * its {@code /actuator/prometheus} every second and evaluates the alert rules, and every template
 * variable, every panel query (variables replaced as Grafana would, "All" selected) and every alert
 * expression is run through the HTTP API: none may fail and none may come back empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePrometheusTests {

	private static final Duration DATA_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration QUERY_RANGE = Duration.ofMinutes(1);

	private static final Duration QUERY_STEP = Duration.ofSeconds(5);

	private static final String METER_PREFIX = "reset_guard_";

	private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*(\\w+)\\)$");

	private final GrafanaDashboard dashboard = GrafanaDashboard.read(ModuleFiles.DASHBOARD);

	private final List<AlertRule> alerts = AlertRule.readAll(ModuleFiles.ALERT_RULES);

	private final GrafanaTemplate template = new GrafanaTemplate("30s", "5s", "5m");

	private final Map<String, ApiAnswer> variableValues = new LinkedHashMap<>();

	private final Map<Query, ApiAnswer> panelAnswers = new LinkedHashMap<>();

	private final Map<AlertRule, ApiAnswer> alertAnswers = new LinkedHashMap<>();

	private final Map<String, JsonNode> ruleStates = new LinkedHashMap<>();

	private Path directory;

	private ChaosPeers peers;

	private ConfigurableApplicationContext application;

	private PrometheusServer prometheus;

	private String target;

	private long secondsToData;

	@BeforeAll
	void startAndAwaitData(@TempDir Path directory) throws Exception {
		this.directory = directory;
		ExternalTool.PROMETHEUS.path();
		ExternalTool.PROMTOOL.path();
		this.peers = ChaosPeers.start();
		this.application = ResetTrafficApplication.run(this.peers);
		this.target = "127.0.0.1:" + this.application.getEnvironment().getProperty("local.server.port");
		this.prometheus = PrometheusServer.start(this.directory, this.target, ModuleFiles.ALERT_RULES);
		long start = System.nanoTime();
		long deadline = start + DATA_TIMEOUT.toNanos();
		do {
			Thread.sleep(1000);
			evaluateAll();
		}
		while (!everythingAnswered() && System.nanoTime() < deadline);
		this.secondsToData = Duration.ofNanos(System.nanoTime() - start).toSeconds();
	}

	@AfterAll
	void stop() {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
		if (this.application != null) {
			this.application.close();
		}
		if (this.peers != null) {
			this.peers.close();
		}
	}

	@Test
	void prometheusScrapesTheApplication() {
		JsonNode targets = this.prometheus.targets().data().path("activeTargets");
		assertThat(targets.values()).as(this::context).singleElement().satisfies((active) -> {
			assertThat(active.path("scrapeUrl").asString()).isEqualTo("http://" + this.target + "/actuator/prometheus");
			assertThat(active.path("health").asString()).isEqualTo("up");
		});
	}

	@Test
	void resetGuardMetersPassPromtoolCheckMetrics() throws Exception {
		String scrape = resetGuardFamilies(scrape());
		assertThat(scrape).as("the scrape has every Reset Guard meter")
			.contains(Stream.of(ResetGuardMeters.values()).map((meter) -> "# TYPE " + PrometheusMeters.name(meter) + " ").toList());
		ToolRun check = ExternalTool.PROMTOOL.run(this.directory, scrape, "check", "metrics");
		assertThat(check.succeeded()).as(check::describe).isTrue();
	}

	@Test
	void wholeScrapeParsesAndItsLintProblemsAreNotOurs() throws Exception {
		ToolRun check = ExternalTool.PROMTOOL.run(this.directory, scrape(), "check", "metrics");
		// promtool exits with 3 for lint problems only; some of Boot's and Micrometer's own meters have
		// them (no help text, abbreviated units), which is not ours to fix.
		assertThat(check.exitCode()).as(check::describe).isIn(0, 3);
		assertThat(check.output().lines()).as(check::describe).noneMatch((line) -> line.startsWith(METER_PREFIX));
	}

	@TestFactory
	Stream<DynamicTest> everyVariableHasValues() {
		return this.variableValues.entrySet().stream().map((entry) -> DynamicTest.dynamicTest("$" + entry.getKey(), () -> {
			ApiAnswer answer = entry.getValue();
			assertThat(answer.error()).as(this::context).isNull();
			assertThat(answer.data().values()).as(this::context).isNotEmpty();
		}));
	}

	@TestFactory
	Stream<DynamicTest> everyPanelQueryReturnsSeries() {
		assertThat(this.panelAnswers).hasSize(this.dashboard.queries().size());
		return this.panelAnswers.entrySet().stream().map((entry) -> DynamicTest.dynamicTest(entry.getKey().toString(),
				() -> assertReturnsSeries(entry.getKey().expression(), entry.getValue())));
	}

	@TestFactory
	Stream<DynamicTest> everyAlertExpressionReturnsSeries() {
		assertThat(this.alertAnswers).hasSize(this.alerts.size());
		return this.alertAnswers.entrySet().stream().map((entry) -> DynamicTest.dynamicTest(entry.getKey().name(),
				() -> assertReturnsSeries(entry.getKey().expression(), entry.getValue())));
	}

	@TestFactory
	Stream<DynamicTest> everyAlertRuleIsEvaluatedWithoutErrorAndActive() {
		return this.alerts.stream().map((alert) -> DynamicTest.dynamicTest(alert.name(), () -> {
			JsonNode rule = this.ruleStates.get(alert.name());
			assertThat(rule).as("rule %s loaded by Prometheus; %s", alert.name(), context()).isNotNull();
			assertThat(rule.path("health").asString()).as(rule::toString).isEqualTo("ok");
			assertThat(rule.path("state").asString()).as(rule::toString).isIn("pending", "firing");
		}));
	}

	private void evaluateAll() {
		resolveVariables();
		for (Query query : this.dashboard.queries()) {
			if (!answered(this.panelAnswers.get(query))) {
				String expression = this.template.interpolate(query.expression());
				this.panelAnswers.put(query, query.instant() ? this.prometheus.query(expression)
						: this.prometheus.queryRange(expression, QUERY_RANGE, QUERY_STEP));
			}
		}
		for (AlertRule alert : this.alerts) {
			if (!answered(this.alertAnswers.get(alert))) {
				this.alertAnswers.put(alert, this.prometheus.query(alert.expression()));
			}
		}
		ApiAnswer rules = this.prometheus.rules();
		if (rules.data() != null) {
			for (JsonNode group : rules.data().path("groups").values()) {
				for (JsonNode rule : group.path("rules").values()) {
					this.ruleStates.put(rule.path("name").asString(), rule);
				}
			}
		}
	}

	private void resolveVariables() {
		for (Variable variable : this.dashboard.variables()) {
			if (!"query".equals(variable.type())) {
				continue;
			}
			Matcher labelValues = LABEL_VALUES.matcher(variable.query());
			assertThat(labelValues.matches()).as("variable %s: %s", variable.name(), variable.query()).isTrue();
			ApiAnswer answer = this.prometheus.labelValues(this.template.interpolate(labelValues.group(1)),
					labelValues.group(2));
			this.variableValues.put(variable.name(), answer);
			if (variable.includeAll()) {
				this.template.set(variable.name(), variable.allValue());
			}
			else if (answer.data() != null && !answer.data().isEmpty()) {
				this.template.set(variable.name(), answer.data().get(0).asString());
			}
			else {
				this.template.set(variable.name(), "");
			}
		}
	}

	private boolean everythingAnswered() {
		boolean variables = this.variableValues.values()
			.stream()
			.allMatch((answer) -> answer.error() != null || (answer.data() != null && !answer.data().isEmpty()));
		boolean rules = this.alerts.stream().allMatch((alert) -> {
			JsonNode rule = this.ruleStates.get(alert.name());
			return rule != null && !"inactive".equals(rule.path("state").asString());
		});
		return variables && rules && this.panelAnswers.values().stream().allMatch(LivePrometheusTests::answered)
				&& this.alertAnswers.values().stream().allMatch(LivePrometheusTests::answered);
	}

	// An error is final; an empty answer may fill once more traffic has been scraped.
	private static boolean answered(ApiAnswer answer) {
		return answer != null && (answer.error() != null || !answer.series().isEmpty());
	}

	private void assertReturnsSeries(String expression, ApiAnswer answer) {
		assertThat(answer.error()).as("%s\nfailed; %s", expression, context()).isNull();
		assertThat(answer.series()).as("%s\nreturned no series; %s", expression, context()).isNotEmpty();
	}

	private String scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://" + this.target + "/actuator/prometheus"))
				.header("Accept", "text/plain;version=0.0.4")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	// The HELP, TYPE and sample lines of Reset Guard's metric families.
	private static String resetGuardFamilies(String scrape) {
		StringBuilder families = new StringBuilder();
		for (String line : scrape.split("\n")) {
			String name = line.startsWith("# ") ? line.split(" ")[2] : line;
			if (name.startsWith(METER_PREFIX)) {
				families.append(line).append('\n');
			}
		}
		return families.toString();
	}

	private String context() {
		ResetTraffic traffic = this.application.getBean(ResetTraffic.class);
		List<String> lines = new ArrayList<>();
		lines.add("waited " + this.secondsToData + "s for data; variables " + this.template.values());
		lines.add("traffic rounds: " + traffic.rounds() + ", surprises: " + traffic.surprises());
		lines.add("Prometheus log:\n" + this.prometheus.log());
		return String.join("\n", lines);
	}

}
