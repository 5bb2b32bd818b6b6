package dev.resetguard.web.reactive;

import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The Netty transports a {@code WebClient} runs on: native epoll, Reactor Netty's default on Linux, and
 * NIO. NIO is forced through the {@code ReactorResourceFactory} whose event loops Boot's connector uses.
 */
enum WebClientTransport {

	/** The native epoll transport. */
	EPOLL(EpollSocketChannel.class) {

		@Override
		ApplicationContextRunner configure(ApplicationContextRunner runner) {
			if (!Epoll.isAvailable()) {
				throw new IllegalStateException("epoll is not available", Epoll.unavailabilityCause());
			}
			return runner;
		}

	},

	/** The JDK's NIO transport. */
	NIO(NioSocketChannel.class) {

		@Override
		ApplicationContextRunner configure(ApplicationContextRunner runner) {
			return runner.withBean(ReactorResourceFactory.class, () -> {
				ReactorResourceFactory factory = new ReactorResourceFactory();
				factory.setUseGlobalResources(false);
				factory.setLoopResources(new NioLoopResources(LoopResources.create("reset-guard-nio", 2, true)));
				factory.setShutdownQuietPeriod(Duration.ZERO);
				return factory;
			});
		}

	};

	private final Class<? extends Channel> channelType;

	WebClientTransport(Class<? extends Channel> channelType) {
		this.channelType = channelType;
	}

	/**
	 * Return the type of the channels this transport opens.
	 * @return the channel type
	 */
	Class<? extends Channel> channelType() {
		return this.channelType;
	}

	/**
	 * Make the context's auto-configured connector run on this transport.
	 * @param runner the runner
	 * @return the configured runner
	 */
	abstract ApplicationContextRunner configure(ApplicationContextRunner runner);

	/**
	 * Loop resources that hand out NIO event loops even to clients that prefer native transports, as
	 * {@code HttpClient.runOn(loops)} does.
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
