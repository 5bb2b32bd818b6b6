package dev.resetguard.web.reactive;

/**
 * The chaos toxics through {@code WebClient} on the NIO transport.
 */
class NioWebClientResetTests extends AbstractWebClientResetTests {

	@Override
	protected WebClientTransport transport() {
		return WebClientTransport.NIO;
	}

}
