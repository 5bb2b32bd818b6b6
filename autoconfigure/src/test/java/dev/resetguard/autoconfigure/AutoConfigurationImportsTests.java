package dev.resetguard.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every auto-configuration class is registered in the imports file, which is what a user's
 * application actually loads; tests that name auto-configurations directly cannot see a missing entry.
 */
class AutoConfigurationImportsTests {

	@Test
	void everyAutoConfigurationIsRegistered() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(AutoConfiguration.class));
		Set<String> declared = scanner.findCandidateComponents("dev.resetguard")
			.stream()
			.map((candidate) -> candidate.getBeanClassName())
			.collect(Collectors.toSet());
		List<String> registered = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("dev.resetguard"))
			.toList();
		assertThat(declared).isNotEmpty();
		assertThat(registered).containsExactlyInAnyOrderElementsOf(declared);
	}

}
