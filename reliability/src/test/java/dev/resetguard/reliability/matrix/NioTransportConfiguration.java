package dev.resetguard.reliability.matrix;

import java.time.Duration;

import io.netty.channel.EventLoopGroup;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Puts the application's Reactor Netty clients on NIO event loops, as a user who opts out of the native
 * transport does: through the {@link ReactorResourceFactory} whose loops Boot's connector uses.
 */
@Configuration(proxyBeanMethods = false)
class NioTransportConfiguration {

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResources(new NioLoopResources(LoopResources.create("matrix-nio", 2, true)));
		factory.setShutdownQuietPeriod(Duration.ZERO);
		return factory;
	}

	/**
	 * Loop resources that hand out NIO event loops even to clients that prefer native transports.
	 */
	private static final class NioLoopResources implements LoopResources {

		private final LoopResources delegate;

		NioLoopResources(LoopResources delegate) {
			this.delegate = delegate;
		}

		@Override
		public EventLoopGroup onServer(boolean useNative) {
			return this.delegate.onServer(false);
		}

		@Override
		public EventLoopGroup onClient(boolean useNative) {
			return this.delegate.onClient(false);
		}

		@Override
		public EventLoopGroup onServerSelect(boolean useNative) {
			return this.delegate.onServerSelect(false);
		}

		@Override
		public boolean daemon() {
			return this.delegate.daemon();
		}

		@Override
		public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
			return this.delegate.disposeLater(quietPeriod, timeout);
		}

	}

}
