package dev.resetguard.dashboards;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * One alerting rule of a Prometheus rule file.
 *
 * @param name the alert's name
 * @param expression its PromQL expression
 * @param labels the labels it adds
 * @param annotations its annotations
 */
record AlertRule(String name, String expression, Map<String, String> labels, Map<String, String> annotations) {

	/**
	 * Read the alerting rules of a rule file, in file order.
	 * @param file the rule file
	 * @return its alerting rules
	 */
	@SuppressWarnings("unchecked")
	static List<AlertRule> readAll(Path file) {
		Map<String, Object> document;
		try (Reader reader = Files.newBufferedReader(file)) {
			document = new Yaml().load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<AlertRule> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				if (rule.containsKey("alert")) {
					rules.add(new AlertRule((String) rule.get("alert"), (String) rule.get("expr"),
							(Map<String, String>) rule.getOrDefault("labels", Map.of()),
							(Map<String, String>) rule.getOrDefault("annotations", Map.of())));
				}
			}
		}
		return rules;
	}

}
