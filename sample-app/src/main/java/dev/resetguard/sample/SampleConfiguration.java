package dev.resetguard.sample;

import java.util.List;

import javax.net.SocketFactory;

import dev.resetguard.CallRetries;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.test.ChaosServer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The sample's parts: the embedded upstream, the four clients, built the way an application builds
 * them (from Boot's builders and Reset Guard's socket factory), the traffic and the summary.
 */
@Configuration(proxyBeanMethods = false)
class SampleConfiguration {

	@Bean(destroyMethod = "close")
	ChaosServer upstream() {
		return ChaosServer.start();
	}

	@Bean
	UpstreamChaos upstreamChaos(ChaosServer upstream, SampleProperties properties) {
		return new UpstreamChaos(upstream, properties.getScenario());
	}

	@Bean
	RestClientUpstream restClientUpstream(RestClient.Builder builder, ChaosServer upstream) {
		return new RestClientUpstream(builder.baseUrl(baseUrl(upstream)).build());
	}

	@Bean
	RestTemplateUpstream restTemplateUpstream(RestTemplateBuilder builder, ChaosServer upstream) {
		return new RestTemplateUpstream(builder.baseUri(baseUrl(upstream)).build());
	}

	@Bean
	WebClientUpstream webClientUpstream(WebClient.Builder builder, ChaosServer upstream) {
		return new WebClientUpstream(builder.baseUrl(baseUrl(upstream)).build());
	}

	@Bean(destroyMethod = "close")
	SocketUpstream socketUpstream(@Qualifier("resetGuardSocketFactory") SocketFactory sockets, ChaosServer upstream,
			CallRetries retries, ResetRecorder recorder, ObjectProvider<AdaptiveIdlePolicy> idlePolicy,
			ResetGuardMetrics metrics) {
		return new SocketUpstream(sockets, upstream.host(), upstream.port(), retries, recorder,
				idlePolicy.getIfAvailable(), metrics);
	}

	// Lets the sockets of resetGuardSocketFactory tell the socket client's attempt what they recorded.
	@Bean
	ConnectionListener attemptScopeConnectionListener() {
		return Attempt.LISTENER;
	}

	@Bean
	SampleTraffic sampleTraffic(List<UpstreamClient> clients, SampleProperties properties) {
		return new SampleTraffic(clients, properties.getScenario(), properties.getConcurrency());
	}

	@Bean
	ResetSummary resetSummary(MeterRegistry registry, SampleTraffic traffic, SampleProperties properties) {
		return new ResetSummary(registry, traffic, properties.getScenario(), properties.getSummaryInterval());
	}

	private static String baseUrl(ChaosServer upstream) {
		return "http://" + upstream.host() + ":" + upstream.port();
	}

}
