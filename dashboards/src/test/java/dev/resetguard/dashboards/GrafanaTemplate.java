package dev.resetguard.dashboards;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces Grafana template variables in a query the way Grafana does before it sends the query to
 * Prometheus: {@code $name} and {@code ${name}}, including the built-in {@code $__rate_interval},
 * {@code $__interval} and {@code $__range}. A variable left over is an error, not a silent pass.
 */
final class GrafanaTemplate {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

	private final Map<String, String> values = new LinkedHashMap<>();

	/**
	 * Create a template with values for the built-in interval variables.
	 * @param rateInterval the value of {@code $__rate_interval}, e.g. {@code 30s}
	 * @param interval the value of {@code $__interval}
	 * @param range the value of {@code $__range}
	 */
	GrafanaTemplate(String rateInterval, String interval, String range) {
		this.values.put("__rate_interval", rateInterval);
		this.values.put("__interval", interval);
		this.values.put("__range", range);
	}

	/**
	 * Give a dashboard variable its value, already formatted as Grafana sends it (a regex such as
	 * {@code .*} for "All").
	 * @param name the variable's name
	 * @param value the value
	 */
	void set(String name, String value) {
		this.values.put(name, value);
	}

	/**
	 * Return the values given so far, for messages.
	 * @return the values by variable name
	 */
	Map<String, String> values() {
		Map<String, String> sorted = new LinkedHashMap<>();
		this.values.keySet().stream().sorted(Comparator.naturalOrder()).forEach((key) -> sorted.put(key, this.values.get(key)));
		return sorted;
	}

	/**
	 * Replace every variable of a query.
	 * @param query the query with variables
	 * @return the query as Prometheus receives it
	 * @throws IllegalArgumentException if the query uses a variable without a value
	 */
	String interpolate(String query) {
		Matcher matcher = VARIABLE.matcher(query);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
			String value = this.values.get(name);
			if (value == null) {
				throw new IllegalArgumentException("No value for $" + name + " in " + query);
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(result);
		return result.toString();
	}

}
