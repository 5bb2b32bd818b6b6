package dev.resetguard.classify;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Errors;
import org.junit.jupiter.api.BeforeEach;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Ground-truth rows of client (d): {@code WebClient} on Reactor Netty's default transport, native
 * epoll on Linux, where an RST surfaces as {@code Errors.NativeIoException} with errno -104.
 */
class ReactorNettyEpollResetTests extends AbstractReactorNettyResetTests {

	@BeforeEach
	void requireEpoll() {
		assumeThat(Epoll.isAvailable())
			.as("Netty's native epoll transport is not available here (%s): client (d) needs Linux with "
					+ "netty-transport-native-epoll", Epoll.unavailabilityCause())
			.isTrue();
	}

	@Override
	protected HttpClient onTransport(HttpClient httpClient) {
		return httpClient;
	}

	@Override
	protected Class<? extends Channel> channelType() {
		return EpollSocketChannel.class;
	}

	@Override
	protected void assertTransportRst(Throwable resetException) {
		assertThat(resetException).isInstanceOfSatisfying(Errors.NativeIoException.class,
				(exception) -> assertThat(exception.expectedErr()).isEqualTo(-104));
	}

}
