package dev.resetguard.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus alert rules: valid for {@code promtool}, their unit tests pass, and each alert has the
 * labels and annotations an on-call engineer needs and charts only Reset Guard's contract meters.
 */
class AlertRulesTests {

	private static final Pattern METRIC = Pattern.compile("\\breset_guard_\\w+");

	private final List<AlertRule> alerts = AlertRule.readAll(ModuleFiles.ALERT_RULES);

	@Test
	void promtoolAcceptsTheRules() {
		ToolRun check = ExternalTool.PROMTOOL.run(ModuleFiles.ALERT_RULES.getParent(), null, "check", "rules",
				ModuleFiles.ALERT_RULES.getFileName().toString());
		assertThat(check.succeeded()).as(check::describe).isTrue();
		assertThat(check.output()).contains("SUCCESS: " + this.alerts.size() + " rules found");
	}

	@Test
	void promtoolUnitTestsPass() {
		ToolRun test = ExternalTool.PROMTOOL.run(ModuleFiles.ALERT_RULE_TESTS.getParent(), null, "test", "rules",
				ModuleFiles.ALERT_RULE_TESTS.getFileName().toString());
		assertThat(test.succeeded()).as(test::describe).isTrue();
	}

	@Test
	void theIssuesAlertsAreAllThere() {
		assertThat(this.alerts).extracting(AlertRule::name)
			.containsExactly("ResetGuardResetRatioHigh", "ResetGuardRetriesExhausted", "ResetGuardRetryBudgetExhausted",
					"ResetGuardPeerRestarting");
	}

	@Test
	void everyAlertHasASeverityAndItsAnnotations() {
		assertThat(this.alerts).allSatisfy((alert) -> {
			assertThat(alert.labels()).as(alert.name()).containsOnlyKeys("severity");
			assertThat(alert.labels().get("severity")).as(alert.name()).isIn("critical", "warning", "info");
			assertThat(alert.annotations()).as(alert.name()).containsOnlyKeys("summary", "description", "runbook_url");
			assertThat(alert.annotations().values()).as(alert.name()).allSatisfy((text) -> assertThat(text).isNotBlank());
			assertThat(alert.annotations().get("summary")).as(alert.name()).contains("{{ $labels.peer }}");
		});
	}

	@Test
	void everyRunbookUrlLeadsToTheAlertsSectionOfTheRunbooks() throws IOException {
		String runbooks = Files.readString(ModuleFiles.RUNBOOKS);
		assertThat(this.alerts).allSatisfy((alert) -> {
			assertThat(alert.annotations().get("runbook_url")).as(alert.name())
				.isEqualTo("docs/runbooks.md#" + alert.name().toLowerCase(Locale.ROOT));
			assertThat(runbooks).as(alert.name()).contains("\n### " + alert.name() + "\n");
		});
	}

	@Test
	void everyAlertNamesItsApplicationAndPeer() {
		assertThat(this.alerts).allSatisfy((alert) -> assertThat(alert.expression()).as(alert.name())
			.contains("sum by (application, peer)"));
	}

	@Test
	void alertsUseOnlyContractMeters() {
		Set<String> known = PrometheusMeters.allSeriesNames();
		assertThat(this.alerts).allSatisfy((alert) -> {
			Matcher metric = METRIC.matcher(alert.expression());
			while (metric.find()) {
				assertThat(known).as("%s uses %s", alert.name(), metric.group()).contains(metric.group());
			}
		});
	}

	@Test
	void everyAlertIsUnitTestedFiring() throws IOException {
		String tests = Files.readString(ModuleFiles.ALERT_RULE_TESTS);
		assertThat(this.alerts).allSatisfy((alert) -> assertThat(tests).as(alert.name())
			.containsPattern("alertname: " + alert.name() + "\\n\\s+exp_alerts:\\n\\s+- exp_labels:"));
	}

}
