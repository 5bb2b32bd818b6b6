package dev.resetguard.classify;

import java.io.IOException;
import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ground-truth rows of client (d2): {@code WebClient} on Reactor Netty forced to NIO, where an RST
 * surfaces as the JDK's own socket exception.
 */
class ReactorNettyNioResetTests extends AbstractReactorNettyResetTests {

	private final LoopResources loopResources = LoopResources.create("reset-guard-nio", 1, true);

	@Override
	protected void closeTransport() {
		this.loopResources.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(15));
	}

	@Override
	protected HttpClient onTransport(HttpClient httpClient) {
		return httpClient.runOn(this.loopResources, false);
	}

	@Override
	protected Class<? extends Channel> channelType() {
		return NioSocketChannel.class;
	}

	@Override
	protected void assertTransportRst(Throwable resetException) {
		assertThat(resetException).isInstanceOf(IOException.class)
			.satisfies((exception) -> assertThat(exception.getClass().getName()).doesNotContain("NativeIoException"));
	}

}
