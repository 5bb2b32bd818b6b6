package dev.resetguard.dashboards;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of the {@code dashboards} module that the tests check, found from the module's directory
 * (Surefire's {@code basedir}, or the working directory when run from the module).
 */
final class ModuleFiles {

	private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();

	/** The Grafana dashboard. */
	static final Path DASHBOARD = file("grafana/reset-guard.json");

	/** Grafana's data source provisioning for the compose stack. */
	static final Path GRAFANA_DATASOURCES = file("grafana/provisioning/datasources/prometheus.yaml");

	/** Grafana's dashboard provisioning for the compose stack. */
	static final Path GRAFANA_DASHBOARDS = file("grafana/provisioning/dashboards/reset-guard.yaml");

	/** The Prometheus alert rules. */
	static final Path ALERT_RULES = file("prometheus/reset-guard-alerts.yml");

	/** The promtool unit tests of the alert rules. */
	static final Path ALERT_RULE_TESTS = file("prometheus/reset-guard-alerts.test.yml");

	/** The Prometheus configuration of the compose stack. */
	static final Path PROMETHEUS_CONFIG = file("prometheus/prometheus.yml");

	/** The compose file that runs Prometheus and Grafana beside the application. */
	static final Path COMPOSE = file("compose.yaml");

	/** The npm project that validates the dashboard against Grafana's schema. */
	static final Path SCHEMA_CHECK = file("schema-check");

	/** The runbooks the alert rules link to. */
	static final Path RUNBOOKS = file("../docs/runbooks.md");

	/** The manual's page on meters and tags. */
	static final Path METRICS_REFERENCE = file("../docs/reference/metrics.md");

	private ModuleFiles() {
	}

	/**
	 * Return the module directory.
	 * @return the absolute directory
	 */
	static Path module() {
		return MODULE;
	}

	private static Path file(String relative) {
		Path file = MODULE.resolve(relative).normalize();
		if (!Files.exists(file)) {
			throw new IllegalStateException(file + " not found: run the tests from the dashboards module");
		}
		return file;
	}

}
