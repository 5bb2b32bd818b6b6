package dev.resetguard.web.reactive;

/**
 * The chaos toxics through {@code WebClient} on the native epoll transport, Reactor Netty's default on Linux.
 */
class EpollWebClientResetTests extends AbstractWebClientResetTests {

	@Override
	protected WebClientTransport transport() {
		return WebClientTransport.EPOLL;
	}

}
