package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * The {@code reset-guard.*} properties and defaults of the public contract (DESIGN.md section 3),
 * read from {@code contract.properties} so that every test checks the same list.
 */
final class ContractProperties {

	private ContractProperties() {
	}

	/**
	 * Return one pair of arguments per contract property: its name and its default as written in
	 * the contract.
	 * @return the contract properties, in contract order
	 */
	static Stream<Arguments> namesAndDefaults() {
		return lines().stream().map((line) -> line.split("=", 2)).map((pair) -> Arguments.of(pair[0], pair[1]));
	}

	/**
	 * Return the names of the contract properties.
	 * @return the names, in contract order
	 */
	static List<String> names() {
		return lines().stream().map((line) -> line.substring(0, line.indexOf('='))).toList();
	}

	private static List<String> lines() {
		try (InputStream input = ContractProperties.class.getResourceAsStream("contract.properties")) {
			return new String(input.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
