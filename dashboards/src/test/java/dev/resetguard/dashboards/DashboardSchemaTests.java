package dev.resetguard.dashboards;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard against Grafana's published dashboard schema: the npm package {@code @grafana/schema}
 * turned into JSON Schema and checked with Ajv ({@code schema-check/validate-dashboard.mjs}), offline
 * once {@code npm ci} has installed the packages. Unknown keys fail, and so do panel options that their
 * panel plugin's schema does not have.
 */
class DashboardSchemaTests {

	@Test
	void dashboardMatchesGrafanasSchema() {
		assertThat(ModuleFiles.SCHEMA_CHECK.resolve("node_modules/@grafana/schema/package.json"))
			.as("the schema check's npm packages; install them with: npm ci --prefix dashboards/schema-check"
					+ " (.ci/run does it with dashboards/install-tools)")
			.exists();
		ToolRun validation = validate(ModuleFiles.DASHBOARD);
		assertThat(validation.succeeded()).as(validation::describe).isTrue();
		assertThat(validation.output()).contains("matches @grafana/schema")
			.contains("options checked for heatmap, stat, table, timeseries");
	}

	@Test
	void schemaCheckFailsOnAKeyGrafanaDoesNotKnow(@TempDir Path directory) throws Exception {
		Path misspelt = directory.resolve("misspelt.json");
		Files.writeString(misspelt, Files.readString(ModuleFiles.DASHBOARD).replaceFirst("\"refresh\":", "\"refersh\":"));
		ToolRun validation = validate(misspelt);
		assertThat(validation.exitCode()).as(validation::describe).isEqualTo(1);
		assertThat(validation.output()).contains("must NOT have additional properties: 'refersh'");
	}

	private static ToolRun validate(Path dashboard) {
		return ExternalTool.NODE.run(ModuleFiles.SCHEMA_CHECK, null, "validate-dashboard.mjs", dashboard.toString());
	}

}
