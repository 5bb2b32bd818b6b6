package dev.resetguard.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.classreading.MetadataReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every auto-configuration class is registered in the imports file, which is what a user's
 * application actually loads; tests that name auto-configurations directly cannot see a missing entry.
 */
class AutoConfigurationImportsTests {

	@Test
	void everyAutoConfigurationIsRegistered() {
		// The scanner's own candidate check evaluates @Conditional, which would hide an auto-configuration
		// whose conditions do not match here: look at the annotation alone.
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(MetadataReader metadataReader) {
				return metadataReader.getAnnotationMetadata().hasAnnotation(AutoConfiguration.class.getName());
			}

		};
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
