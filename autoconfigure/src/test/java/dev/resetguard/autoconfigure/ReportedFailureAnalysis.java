package dev.resetguard.autoconfigure;

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
 * Finds the failure analysis a user would see for a startup failure, the way Spring Boot's
 * {@code FailureAnalyzers} does: every {@link FailureAnalyzer} registered in
 * {@code META-INF/spring.factories}, Boot's own included, is asked in order, and the first answer
 * wins.
 */
final class ReportedFailureAnalysis {

	private ReportedFailureAnalysis() {
	}

	/**
	 * Return the analysis Spring Boot would report for the given failure.
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
