package dev.resetguard.reliability.hardening;

import java.util.List;

import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/**
 * The failure analysis a user would see for a startup failure, found the way Spring Boot's
 * {@code FailureAnalyzers} finds it: every {@link FailureAnalyzer} registered in
 * {@code META-INF/spring.factories} on the class path, Boot's own included, asked in order; the
 * first answer wins.
 */
final class ReportedFailureAnalysis {

	private ReportedFailureAnalysis() {
	}

	/**
	 * Return the analysis Spring Boot would report for a failure.
	 * @param failure the startup failure
	 * @return the first analysis, or {@code null} if no analyzer explains the failure
	 */
	static FailureAnalysis of(Throwable failure) {
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments, FailureHandler.logging(LogFactory.getLog(FailureAnalyzer.class)));
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

}
