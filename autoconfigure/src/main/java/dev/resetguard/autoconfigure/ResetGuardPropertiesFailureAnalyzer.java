package dev.resetguard.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.resetguard.autoconfigure.ResetGuardProperties.Peer;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * An {@link AbstractFailureAnalyzer} for invalid {@code reset-guard.*} configuration. For each
 * invalid property it names the property, the value as written, where it was set and what is
 * allowed, and says how to fix it. It covers the values {@link ResetGuardPropertiesValidator} rejects
 * when Spring Boot binds them, values Spring Boot cannot convert (such as an unknown {@code non-idempotent}
 * mode), and properties that bind to nothing (a misspelt name, or a peer key without brackets).
 * <p>
 * It is ordered first because Spring Boot's generic bind analyzers match the same failures; they
 * would print no allowed range, enum constants in upper case, and, for unbound properties, the
 * internal description of the bind target.
 */
class ResetGuardPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(ResetGuardProperties.PREFIX);

	private static final ConfigurationPropertyName PEERS = PREFIX.append("peers");

	private static final String BRACKETED_PEER_KEY = "a peer key written in brackets, such as "
			+ "\"[payments.internal:443]\"";

	private static final String HOW_TO_WRITE_PEER_KEYS = "write peer keys in brackets: \"[payments.internal:443]\" "
			+ "in YAML, reset-guard.peers[payments.internal\\:443].retry.max-attempts=5 in a .properties file";

	private final Environment environment;

	/**
	 * Create the analyzer.
	 * @param environment where the properties were read from, for the value of one that could not be bound
	 */
	ResetGuardPropertiesFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!PREFIX.equals(cause.getName()) && !PREFIX.isAncestorOf(cause.getName())) {
			return null;
		}
		List<InvalidProperty> invalid = findInvalidProperties(cause);
		if (invalid.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder(String.format("Invalid Reset Guard configuration:%n"));
		StringBuilder action = new StringBuilder(String.format("Update your application's configuration:%n"));
		for (InvalidProperty property : invalid) {
			property.describe(description);
			action.append(String.format("%n    - %s", property.action()));
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private List<InvalidProperty> findInvalidProperties(BindException cause) {
		BindValidationException validationException = findCause(cause, BindValidationException.class);
		if (validationException != null) {
			return rejected(validationException.getValidationErrors());
		}
		UnboundConfigurationPropertiesException unboundException = findCause(cause,
				UnboundConfigurationPropertiesException.class);
		if (unboundException != null) {
			return unbound(unboundException);
		}
		return unconvertible(cause);
	}

	private List<InvalidProperty> rejected(ValidationErrors errors) {
		List<InvalidProperty> invalid = new ArrayList<>();
		for (ObjectError error : errors) {
			if (error instanceof FieldError fieldError && fieldError.getArguments() != null
					&& fieldError.getArguments().length == 3) {
				if (hasCode(fieldError, ResetGuardPropertiesValidator.INVALID_VALUE)) {
					invalid.add(rejectedValue(errors, fieldError));
				}
				else if (hasCode(fieldError, ResetGuardPropertiesValidator.INVALID_PEER_KEY)) {
					invalid.add(rejectedPeerKey(errors, fieldError));
				}
			}
		}
		return invalid;
	}

	/**
	 * Return whether the error carries the code. Not {@code getCode()}: which of the generated
	 * codes comes last depends on the field's type.
	 */
	private boolean hasCode(FieldError error, String code) {
		return error.getCodes() != null && Arrays.asList(error.getCodes()).contains(code);
	}

	// ResetGuardPropertiesValidator rejects every property with arguments, which the messages are made of.
	private static Object[] rejectionArguments(FieldError error) {
		return Objects.requireNonNull(error.getArguments(), "arguments of a rejected property");
	}

	private InvalidProperty rejectedValue(ValidationErrors errors, FieldError error) {
		Object[] arguments = rejectionArguments(error);
		String name = ResetGuardProperties.PREFIX + "." + error.getField();
		String allowed = (String) arguments[0];
		ConfigurationProperty bound = findBound(errors, name, false);
		if (bound == null) {
			return new InvalidProperty(name, (String) arguments[1], true, null, allowed, (String) arguments[2],
					"Set " + name + " to " + allowed + ".");
		}
		return new InvalidProperty(name, String.valueOf(bound.getValue()), false, Origin.from(bound), allowed,
				(String) arguments[2], "Change " + name + " to " + allowed + ", or remove it to use the default.");
	}

	private InvalidProperty rejectedPeerKey(ValidationErrors errors, FieldError error) {
		Object[] arguments = rejectionArguments(error);
		String name = ResetGuardProperties.PREFIX + "." + error.getField();
		String allowed = (String) arguments[0];
		ConfigurationProperty entry = findBound(errors, name, true);
		String action = "Change the key \"" + arguments[1] + "\" under reset-guard.peers to " + allowed + ", and "
				+ HOW_TO_WRITE_PEER_KEYS + ".";
		return new InvalidProperty(name, (String) arguments[1], false, (entry != null) ? Origin.from(entry) : null,
				allowed, null, action);
	}

	private @Nullable ConfigurationProperty findBound(ValidationErrors errors, String name, boolean orBelow) {
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.ofIfValid(name);
		if (propertyName == null) {
			return null;
		}
		for (ConfigurationProperty property : errors.getBoundProperties()) {
			if (propertyName.equals(property.getName())
					|| (orBelow && propertyName.isAncestorOf(property.getName()))) {
				return property;
			}
		}
		return null;
	}

	private List<InvalidProperty> unbound(UnboundConfigurationPropertiesException exception) {
		List<InvalidProperty> invalid = new ArrayList<>();
		for (ConfigurationProperty property : exception.getUnboundProperties()) {
			ConfigurationPropertyName name = property.getName();
			String displayName = displayName(name);
			String value = String.valueOf(property.getValue());
			if (PEERS.isAncestorOf(name) && !name.chop(PEERS.getNumberOfElements() + 1).isLastElementIndexed()) {
				invalid.add(new InvalidProperty(displayName, value, false, property.getOrigin(), BRACKETED_PEER_KEY,
						"without brackets, the dots and colon of host:port split the key apart",
						"Change the peer key that " + displayName + " is under to host:port, and "
								+ HOW_TO_WRITE_PEER_KEYS + "."));
			}
			else {
				invalid.add(unknownOrEmpty(property, displayName, value));
			}
		}
		return invalid;
	}

	/**
	 * Spring Boot converts an empty value to {@code null}, which binds nothing, so an empty value
	 * of an existing property is reported as unbound too.
	 */
	private InvalidProperty unknownOrEmpty(ConfigurationProperty property, String displayName, String value) {
		Class<?> type = propertyType(property.getName());
		String allowed = (type != null) ? describe(type) : null;
		if (allowed != null) {
			return new InvalidProperty(displayName, value, false, property.getOrigin(), allowed,
					"an empty value sets nothing",
					"Set " + displayName + " to " + allowed + ", or remove it to use the default.");
		}
		return new InvalidProperty(displayName, value, false, property.getOrigin(),
				"one of the properties that Reset Guard defines", "there is none by this name",
				"Check the spelling of " + displayName + ", or remove it.");
	}

	private @Nullable Class<?> propertyType(ConfigurationPropertyName name) {
		boolean peer = PEERS.isAncestorOf(name) && name.getNumberOfElements() > PEERS.getNumberOfElements() + 1;
		int first = peer ? PEERS.getNumberOfElements() + 1 : PREFIX.getNumberOfElements();
		List<String> path = new ArrayList<>();
		for (int i = first; i < name.getNumberOfElements(); i++) {
			path.add(toCamelCase(name.getElement(i, Form.DASHED)));
		}
		BeanWrapper properties = new BeanWrapperImpl(peer ? new Peer() : new ResetGuardProperties());
		String beanPath = String.join(".", path);
		return properties.isReadableProperty(beanPath) ? properties.getPropertyType(beanPath) : null;
	}

	private static String toCamelCase(String dashed) {
		StringBuilder camelCase = new StringBuilder(dashed.length());
		boolean upperCaseNext = false;
		for (char c : dashed.toCharArray()) {
			if (c == '-') {
				upperCaseNext = true;
			}
			else {
				camelCase.append(upperCaseNext ? Character.toUpperCase(c) : c);
				upperCaseNext = false;
			}
		}
		return camelCase.toString();
	}

	private List<InvalidProperty> unconvertible(BindException cause) {
		Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(cause.getTarget().getType().toClass());
		String name = displayName(cause.getName());
		ConfigurationProperty property = cause.getProperty();
		String value = (property != null) ? String.valueOf(property.getValue()) : "";
		Origin origin = Origin.from(property);
		if (type == Peer.class) {
			return List.of(valueOfAPeerKey(cause.getName(), name, property));
		}
		String allowed = describe(type);
		if (allowed == null) {
			return List.of();
		}
		return List.of(new InvalidProperty(name, value, false, origin, allowed, null,
				"Change " + name + " to " + allowed + ", or remove it to use the default."));
	}

	/**
	 * A value given to a peer key itself, such as {@code reset-guard.peers.[api:443]=5}: a peer takes
	 * settings below its key, not a value. Binding a map entry reports no property, so the value is looked
	 * up where it was set.
	 */
	private InvalidProperty valueOfAPeerKey(ConfigurationPropertyName key, String name,
			@Nullable ConfigurationProperty bound) {
		ConfigurationProperty property = (bound != null) ? bound : find(key);
		String value = (property != null) ? String.valueOf(property.getValue()) : "";
		String peer = key.getLastElement(Form.ORIGINAL);
		String example = name + ".retry.max-attempts";
		boolean validKey = ResetGuardPropertiesValidator.isHostAndPort(peer);
		return new InvalidProperty(name, value, false, Origin.from(property),
				"settings under the peer key, such as " + example + "=5",
				"a peer key takes no value of its own"
						+ (validKey ? "" : ", and \"" + peer + "\" is not " + ResetGuardPropertiesValidator.PEER_KEY),
				"Move the value to a setting under " + name + ", such as " + example
						+ (validKey ? "" : ", with the key changed to host:port") + ", or remove it.");
	}

	private @Nullable ConfigurationProperty find(ConfigurationPropertyName name) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private @Nullable String describe(Class<?> type) {
		if (type.isEnum()) {
			return ResetGuardPropertiesValidator.allowedValues((Class<? extends Enum<?>>) type);
		}
		if (type == Duration.class) {
			return "a duration, such as 500ms, 5s or 1m";
		}
		if (type == Integer.class) {
			return "a whole number";
		}
		if (type == Double.class) {
			return "a number";
		}
		if (type == Boolean.class) {
			return "true or false";
		}
		return null;
	}

	/**
	 * Return the name as it is written in a flattened YAML or a {@code .properties} file, with map
	 * keys in brackets after a dot, such as {@code reset-guard.peers.[payments.internal:443].retry}.
	 */
	private static String displayName(ConfigurationPropertyName name) {
		StringBuilder displayName = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, Form.ORIGINAL);
			displayName.append((i > 0) ? "." : "");
			displayName.append(name.chop(i + 1).isLastElementIndexed() ? "[" + element + "]" : element);
		}
		return displayName.toString();
	}

	/**
	 * One invalid property, as the user wrote it, or as it defaulted.
	 */
	private record InvalidProperty(String name, String value, boolean defaulted, @Nullable Origin origin,
			String allowed, @Nullable String note, String action) {

		void describe(StringBuilder description) {
			description.append(String.format("%n    Property: %s", this.name));
			description.append(String.format("%n    Value: \"%s\"%s", this.value, this.defaulted ? " (default)" : ""));
			if (this.origin != null) {
				description.append(String.format("%n    Origin: %s", this.origin));
			}
			description.append(String.format("%n    Allowed: %s", this.allowed));
			if (this.note != null) {
				description.append(String.format(" (%s)", this.note));
			}
			description.append(String.format("%n"));
		}

	}

}
