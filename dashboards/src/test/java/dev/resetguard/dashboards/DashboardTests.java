package dev.resetguard.dashboards;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.resetguard.dashboards.GrafanaDashboard.Query;
import dev.resetguard.dashboards.GrafanaDashboard.Variable;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.metrics.ResetGuardMeters;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The dashboard's structure: it imports through the UI and provisions from a file alike, charts every
 * Reset Guard meter, and filters every query by the template variables.
 */
class DashboardTests {

	private static final String DATASOURCE_INPUT = "${DS_PROMETHEUS}";

	private static final Pattern SELECTOR = Pattern.compile("\\b(reset_guard_\\w+)(\\{[^}]*})?");

	private final GrafanaDashboard dashboard = GrafanaDashboard.read(ModuleFiles.DASHBOARD);

	@Test
	void hasAStableUidAndNoInstanceId() {
		assertThat(this.dashboard.json().get("id").isNull()).isTrue();
		assertThat(this.dashboard.json().path("uid").asString()).isEqualTo("reset-guard-resets")
			.matches("[a-zA-Z0-9_-]{1,40}");
	}

	@Test
	void asksForThePrometheusDataSourceOnImport() {
		assertThat(this.dashboard.json().path("__inputs").values())
			.extracting((input) -> input.path("name").asString(), (input) -> input.path("type").asString(),
					(input) -> input.path("pluginId").asString())
			.containsExactly(tuple("DS_PROMETHEUS", "datasource", "prometheus"));
	}

	// Provisioning does not fill in __inputs: a data source variable of the same name makes
	// ${DS_PROMETHEUS} resolve there too, to the default Prometheus data source.
	@Test
	void resolvesTheDataSourceInputWhenProvisioned() {
		assertThat(this.dashboard.variables().get(0)).extracting(Variable::name, Variable::type, Variable::query)
			.containsExactly("DS_PROMETHEUS", "datasource", "prometheus");
	}

	@Test
	void everyDataSourceReferenceIsTheInput() {
		List<JsonNode> references = new ArrayList<>();
		collectDataSources(this.dashboard.json(), references);
		List<JsonNode> prometheus = references.stream()
			.filter((reference) -> !reference.path("type").asString().equals("grafana"))
			.toList();
		assertThat(prometheus).isNotEmpty().allSatisfy((reference) -> {
			assertThat(reference.path("type").asString()).isEqualTo("prometheus");
			assertThat(reference.path("uid").asString()).isEqualTo(DATASOURCE_INPUT);
		});
	}

	@Test
	void hasTheVariablesOfTheCommonJvmDashboardsPlusPeerAndClient() {
		assertThat(this.dashboard.variables()).extracting(Variable::name, Variable::includeAll, Variable::allValue)
			.containsExactly(tuple("DS_PROMETHEUS", false, ""), tuple("application", false, ""),
					tuple("instance", true, ".*"), tuple("client", true, ".*"), tuple("peer", true, ".*"));
	}

	@Test
	void everyQueryFiltersByEveryVariable() {
		assertThat(this.dashboard.queries()).allSatisfy((query) -> {
			List<String> selectors = selectors(query.expression());
			assertThat(selectors).as(query.toString()).isNotEmpty().allSatisfy((selector) -> assertThat(selector)
				.as(query.toString())
				.contains("application=\"$application\"", "instance=~\"$instance\"", "client=~\"$client\"",
						"peer=~\"$peer\""));
		});
	}

	@Test
	void everyMeterIsCharted() {
		Set<String> charted = new HashSet<>();
		this.dashboard.queries().forEach((query) -> charted.addAll(metrics(query.expression())));
		assertThat(ResetGuardMeters.values()).allSatisfy((meter) -> assertThat(charted).as(meter.getName())
			.containsAnyElementsOf(PrometheusMeters.seriesNames(meter)));
	}

	@Test
	void queriesUseOnlyContractMeters() {
		Set<String> known = PrometheusMeters.allSeriesNames();
		assertThat(this.dashboard.queries()).allSatisfy(
				(query) -> assertThat(known).as(query.toString()).containsAll(metrics(query.expression())));
	}

	@Test
	void hasThePanelsTheIssueAsksFor() {
		assertThat(this.dashboard.panels()).extracting((panel) -> panel.path("title").asString())
			.contains("Reset rate by cause", "Reset rate by phase", "Reset rate by peer", "Retry outcomes", "Retries",
					"Retry budget exhausted", "Resets prevented by adaptive idle", "Idle before reset: distribution",
					"Top resetting peers");
	}

	@Test
	void retryOutcomesColourAndDescribeEveryOutcome() {
		JsonNode panel = this.dashboard.panels()
			.stream()
			.filter((candidate) -> "Retry outcomes".equals(candidate.path("title").asString()))
			.findFirst()
			.orElseThrow();
		List<String> coloured = panel.path("fieldConfig")
			.path("overrides")
			.values()
			.stream()
			.map((override) -> override.path("matcher").path("options").asString())
			.toList();
		for (CallOutcome outcome : CallOutcome.values()) {
			assertThat(coloured).as("colour of %s", outcome.tagValue()).contains(outcome.tagValue());
			assertThat(panel.path("description").asString()).contains(outcome.tagValue() + " (");
		}
	}

	@Test
	void panelIdsAndQueryRefIdsAreUnique() {
		assertThat(this.dashboard.panels()).extracting((panel) -> panel.path("id").asInt()).doesNotHaveDuplicates();
		assertThat(this.dashboard.queries()).extracting((query) -> query.panel() + "/" + query.refId())
			.doesNotHaveDuplicates();
	}

	@Test
	void panelsFitTheGridWithoutOverlapping() {
		List<JsonNode> positions = this.dashboard.panels().stream().map((panel) -> panel.path("gridPos")).toList();
		for (int i = 0; i < positions.size(); i++) {
			JsonNode a = positions.get(i);
			assertThat(a.path("x").asInt() + a.path("w").asInt()).as(a.toString()).isLessThanOrEqualTo(24);
			for (int j = i + 1; j < positions.size(); j++) {
				JsonNode b = positions.get(j);
				boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
						&& b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
						&& a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
						&& b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
				assertThat(overlap).as("%s overlaps %s", a, b).isFalse();
			}
		}
	}

	@Test
	void queriesAreGrafanaPrometheusTargets() {
		assertThat(this.dashboard.queries()).allSatisfy((query) -> {
			assertThat(query.refId()).as(query.toString()).isNotBlank();
			assertThat(query.expression()).as(query.toString()).isNotBlank();
		});
		assertThat(this.dashboard.queries()).filteredOn(Query::instant)
			.extracting(Query::panel)
			.containsOnly("Calls failed by resets", "Resets prevented", "Top resetting peers");
	}

	private static void collectDataSources(JsonNode node, List<JsonNode> references) {
		if (node.isObject()) {
			node.properties().forEach((property) -> {
				if (property.getKey().equals("datasource") && property.getValue().isObject()) {
					references.add(property.getValue());
				}
				collectDataSources(property.getValue(), references);
			});
		}
		else if (node.isArray()) {
			node.values().forEach((element) -> collectDataSources(element, references));
		}
	}

	private static List<String> selectors(String expression) {
		List<String> selectors = new ArrayList<>();
		Matcher matcher = SELECTOR.matcher(expression);
		while (matcher.find()) {
			selectors.add((matcher.group(2) != null) ? matcher.group(2) : "");
		}
		return selectors;
	}

	private static Set<String> metrics(String expression) {
		Set<String> metrics = new HashSet<>();
		Matcher matcher = SELECTOR.matcher(expression);
		while (matcher.find()) {
			metrics.add(matcher.group(1));
		}
		return metrics;
	}

}
