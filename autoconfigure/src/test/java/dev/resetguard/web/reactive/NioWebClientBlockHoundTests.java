package dev.resetguard.web.reactive;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos toxics through {@code WebClient} on the NIO transport, retries and adaptive idle included,
 * with BlockHound watching every Netty event loop and Reactor scheduler thread: nothing may block them.
 * Runs in a JVM of its own (see the {@code blockhound} execution in the pom).
 */
class NioWebClientBlockHoundTests extends AbstractWebClientResetTests {

	@BeforeAll
	static void installBlockHound() {
		BlockingCalls.install();
	}

	@AfterEach
	void noThreadThatMustNotBlockBlocked() {
		assertThat(BlockingCalls.drain()).isEmpty();
	}

	@Override
	protected WebClientTransport transport() {
		return WebClientTransport.NIO;
	}

}
