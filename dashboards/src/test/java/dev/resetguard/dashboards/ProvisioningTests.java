package dev.resetguard.dashboards;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose stack's files: Prometheus's configuration passes {@code promtool check config}, compose
 * mounts files that exist where Prometheus and Grafana look for them, and Grafana's provisioning
 * points at the stack's Prometheus and at the mounted dashboard.
 */
class ProvisioningTests {

	private final Map<String, Object> compose = yaml(ModuleFiles.COMPOSE);

	@Test
	void promtoolAcceptsThePrometheusConfig() {
		ToolRun check = ExternalTool.PROMTOOL.run(ModuleFiles.PROMETHEUS_CONFIG.getParent(), null, "check", "config",
				ModuleFiles.PROMETHEUS_CONFIG.getFileName().toString());
		assertThat(check.succeeded()).as(check::describe).isTrue();
		assertThat(check.output()).contains("SUCCESS: 1 rule files found").contains("SUCCESS: 4 rules found");
	}

	@Test
	void prometheusScrapesTheApplicationOnTheHost() {
		Map<String, Object> scrape = only(list(yaml(ModuleFiles.PROMETHEUS_CONFIG), "scrape_configs"));
		assertThat(scrape).containsEntry("metrics_path", "/actuator/prometheus");
		assertThat(list(only(list(scrape, "static_configs")), "targets")).containsExactly("host.docker.internal:8080");
		assertThat(list(service("prometheus"), "extra_hosts")).containsExactly("host.docker.internal:host-gateway");
	}

	@Test
	void composeMountsFilesThatExist() {
		for (String name : List.of("prometheus", "grafana")) {
			assertThat(volumes(name)).isNotEmpty().allSatisfy((volume) -> assertThat(source(volume)).exists());
		}
	}

	@Test
	void prometheusFindsItsConfigAndRulesWhereItsImageLooks() {
		assertThat(volumes("prometheus")).containsExactly("./prometheus:/etc/prometheus:ro");
		assertThat(ModuleFiles.PROMETHEUS_CONFIG.getParent()).isEqualTo(ModuleFiles.ALERT_RULES.getParent());
		assertThat(ModuleFiles.PROMETHEUS_CONFIG.getFileName()).hasToString("prometheus.yml");
	}

	@Test
	void grafanaLoadsTheDashboardFromWhereComposeMountsIt() {
		Map<String, Object> provider = only(list(yaml(ModuleFiles.GRAFANA_DASHBOARDS), "providers"));
		assertThat(provider).containsEntry("type", "file");
		String directory = (String) map(provider, "options").get("path");
		assertThat(volumes("grafana")).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
				"./grafana/reset-guard.json:" + directory + "/reset-guard.json:ro");
		assertThat(ModuleFiles.GRAFANA_DASHBOARDS).startsWith(ModuleFiles.module().resolve("grafana/provisioning"));
	}

	@Test
	void grafanasDefaultDataSourceIsTheStacksPrometheus() {
		Map<String, Object> dataSource = only(list(yaml(ModuleFiles.GRAFANA_DATASOURCES), "datasources"));
		assertThat(dataSource).containsEntry("type", "prometheus")
			.containsEntry("url", "http://prometheus:9090")
			.containsEntry("isDefault", true);
		assertThat(map(this.compose, "services")).containsKey("prometheus");
	}

	private List<String> volumes(String name) {
		return list(service(name), "volumes");
	}

	private Map<String, Object> service(String name) {
		return map(map(this.compose, "services"), name);
	}

	private static Path source(String volume) {
		return ModuleFiles.COMPOSE.resolveSibling(volume.substring(0, volume.indexOf(':'))).normalize();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> map, String key) {
		return (Map<String, Object>) map.get(key);
	}

	@SuppressWarnings("unchecked")
	private static <T> List<T> list(Map<String, Object> map, String key) {
		return (List<T>) map.get(key);
	}

	private static <T> T only(List<T> list) {
		assertThat(list).hasSize(1);
		return list.get(0);
	}

	private static Map<String, Object> yaml(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
