package dev.resetguard.reliability.matrix;

import reactor.netty.resources.LoopResources;

import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the application's WebClient on NIO event loops, as a user who opts out of the native transport
 * does: Boot's connector builder customized to run Reactor Netty's client on loops that do not prefer
 * native channels.
 */
@Configuration(proxyBeanMethods = false)
class NioTransportConfiguration {

	@Bean(destroyMethod = "dispose")
	LoopResources matrixNioLoops() {
		return LoopResources.create("matrix-nio", 2, true);
	}

	@Bean
	ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> matrixNioTransport(
			LoopResources matrixNioLoops) {
		return (builder) -> builder.withHttpClientCustomizer((httpClient) -> httpClient.runOn(matrixNioLoops, false));
	}

}
