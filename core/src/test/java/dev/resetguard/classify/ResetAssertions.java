package dev.resetguard.classify;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on what {@link ResetClassifier} makes of a throwable a real client threw, with the
 * whole chain in the failure message so that a client behaving differently from the ground truth
 * shows how.
 */
final class ResetAssertions {

	private static final Logger logger = LoggerFactory.getLogger(ResetAssertions.class);

	private static final ResetClassifier CLASSIFIER = ResetClassifier.standard();

	private ResetAssertions() {
	}

	static ResetClassification assertReset(Throwable throwable, ResetSignal signal) {
		return assertResetWithSignalIn(throwable, signal);
	}

	static ResetClassification assertResetWithSignalIn(Throwable throwable, ResetSignal... allowed) {
		assertThat(throwable).as("the client failed").isNotNull();
		ResetClassification classification = CLASSIFIER.classify(throwable);
		logger.info("{} from {}", classification, chain(throwable));
		assertThat(classification.isReset()).as("reset: %s", chain(throwable)).isTrue();
		assertThat(classification.signal()).as("signal of %s", chain(throwable)).isIn((Object[]) allowed);
		return classification;
	}

	static void assertNotAReset(Throwable throwable) {
		assertThat(throwable).as("the client failed").isNotNull();
		logger.info("not a reset: {}", chain(throwable));
		assertThat(CLASSIFIER.classify(throwable)).as("not a reset: %s", chain(throwable))
			.isSameAs(ResetClassification.NOT_A_RESET);
	}

	/**
	 * Describe a chain as the ground truth does: {@code top <- ... <- root [suppressed ...]}.
	 */
	static String chain(Throwable throwable) {
		StringBuilder description = new StringBuilder();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable current = throwable; current != null && seen.add(current); current = current.getCause()) {
			if (current != throwable) {
				description.append(" <- ");
			}
			description.append(current.getClass().getName()).append(": \"").append(current.getMessage()).append('"');
		}
		if (throwable != null) {
			Arrays.stream(throwable.getSuppressed())
				.forEach((suppressed) -> description.append(" [suppressed ").append(suppressed.getClass().getName()).append(']'));
		}
		return description.toString();
	}

}
