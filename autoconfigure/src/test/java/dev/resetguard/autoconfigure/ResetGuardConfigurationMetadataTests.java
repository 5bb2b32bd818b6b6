package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata that the configuration processor generates from
 * {@link ResetGuardProperties} and that IDEs read: every contract property is there, described,
 * with its default.
 */
class ResetGuardConfigurationMetadataTests {

	private static final Map<String, Object> METADATA = readMetadata();

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.resetguard.autoconfigure.ContractProperties#namesAndDefaults")
	void contractPropertyShouldHaveADescription(String name, String contractDefault) {
		assertThat(property(name)).extractingByKey("description").asString().isNotBlank();
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("dev.resetguard.autoconfigure.ContractProperties#namesAndDefaults")
	void contractPropertyShouldHaveTheContractDefault(String name, String contractDefault) {
		Object metadataDefault = property(name).get("defaultValue");
		if (metadataDefault instanceof Number number) {
			assertThat(number.doubleValue()).isEqualTo(Double.parseDouble(contractDefault));
		}
		else {
			assertThat(metadataDefault).hasToString(contractDefault);
		}
	}

	@Test
	void peersShouldHaveADescription() {
		assertThat(property("reset-guard.peers")).extractingByKey("description").asString().contains("host:port");
	}

	@Test
	void metadataShouldHoldNoPropertyOutsideTheContractAndItsDocumentedExtensions() {
		List<String> names = properties().stream().map((property) -> (String) property.get("name")).toList();
		List<String> contract = new ArrayList<>(ContractProperties.names());
		contract.add("reset-guard.peers");
		// Extensions the issues ask for beyond DESIGN.md's tree: keep-alive probe timing (foundation) and
		// the opt-in decoration of hand-built clients (client issues).
		contract.add("reset-guard.socket.keep-alive-idle");
		contract.add("reset-guard.socket.keep-alive-interval");
		contract.add("reset-guard.clients.decorate-hand-built");
		// Adaptive idle's floor, configurable since issue 7 showed peers with idle timeouts below 1 s.
		contract.add("reset-guard.prevention.min-idle");
		// The switch of issue 17: resets and retries in distributed traces.
		contract.add("reset-guard.tracing.enabled");
		// The health indicator's switch, named as Boot names its own (DESIGN.md, Health).
		contract.add("management.health.resetguard.enabled");
		// What Boot's configuration processor generates for every @Endpoint, here the resets endpoint.
		contract.add("management.endpoint.resets.access");
		contract.add("management.endpoint.resets.cache.time-to-live");
		assertThat(names).containsExactlyInAnyOrderElementsOf(contract);
	}

	@Test
	void nonIdempotentShouldHintItsValuesAsWrittenInConfiguration() {
		List<Map<String, Object>> hints = list(METADATA.get("hints"));
		Map<String, Object> hint = hints.stream()
			.filter((candidate) -> "reset-guard.retry.non-idempotent".equals(candidate.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(list(hint.get("values"))).extracting((value) -> value.get("value"))
			.containsExactly("never", "safe-only", "always");
	}

	@Test
	void nonIdempotentHintsShouldHaveDescriptions() {
		List<Map<String, Object>> hints = list(METADATA.get("hints"));
		assertThat(hints).flatExtracting((hint) -> list(hint.get("values")))
			.allSatisfy((value) -> assertThat(value).extractingByKey("description").asString().isNotBlank());
	}

	private static Map<String, Object> property(String name) {
		return properties().stream()
			.filter((property) -> name.equals(property.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No metadata for " + name));
	}

	private static List<Map<String, Object>> properties() {
		return list(METADATA.get("properties"));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	private static Map<String, Object> readMetadata() {
		try (InputStream input = ResetGuardConfigurationMetadataTests.class.getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(input).as("generated META-INF/spring-configuration-metadata.json").isNotNull();
			return JsonPath.parse(input).read("$");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
