package dev.resetguard.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Grafana dashboard JSON document, read for its panels, their queries and its template variables.
 *
 * @param json the whole document
 */
record GrafanaDashboard(JsonNode json) {

	/**
	 * Read a dashboard file.
	 * @param file the JSON file
	 * @return the dashboard
	 */
	static GrafanaDashboard read(Path file) {
		try {
			return new GrafanaDashboard(JsonMapper.builder().build().readTree(Files.readString(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return every panel, rows included, and the panels nested in collapsed rows.
	 * @return the panels in document order
	 */
	List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : this.json.path("panels").values()) {
			panels.add(panel);
			panels.addAll(panel.path("panels").values());
		}
		return panels;
	}

	/**
	 * Return every query of every panel.
	 * @return the queries in document order
	 */
	List<Query> queries() {
		List<Query> queries = new ArrayList<>();
		for (JsonNode panel : panels()) {
			for (JsonNode target : panel.path("targets").values()) {
				queries.add(new Query(panel.path("title").asString(), target.path("refId").asString(),
						target.path("expr").asString(), target.path("instant").asBoolean(false)));
			}
		}
		return queries;
	}

	/**
	 * Return the template variables, in the order Grafana resolves them.
	 * @return the variables
	 */
	List<Variable> variables() {
		List<Variable> variables = new ArrayList<>();
		for (JsonNode variable : this.json.path("templating").path("list").values()) {
			JsonNode query = variable.path("query");
			variables.add(new Variable(variable.path("name").asString(), variable.path("type").asString(),
					query.isObject() ? query.path("query").asString() : query.asString(),
					variable.path("includeAll").asBoolean(false), variable.path("allValue").asString("")));
		}
		return variables;
	}

	/**
	 * One query of a panel.
	 *
	 * @param panel the panel's title
	 * @param refId the query's id within the panel
	 * @param expression the PromQL expression, with Grafana variables
	 * @param instant whether Grafana runs it as an instant query rather than over the time range
	 */
	record Query(String panel, String refId, String expression, boolean instant) {

		@Override
		public String toString() {
			return "'" + this.panel + "' " + this.refId;
		}

	}

	/**
	 * A template variable.
	 *
	 * @param name its name, as referenced by {@code $name}
	 * @param type its type, such as {@code query} or {@code datasource}
	 * @param query its query: a {@code label_values(...)} call, or the plugin id for a data source
	 * @param includeAll whether it offers "All"
	 * @param allValue the value "All" stands for
	 */
	record Variable(String name, String type, String query, boolean includeAll, String allValue) {

	}

}
