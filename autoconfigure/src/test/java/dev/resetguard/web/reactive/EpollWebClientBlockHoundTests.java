package dev.resetguard.web.reactive;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.resetguard.test.ChaosServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos toxics through {@code WebClient} on the epoll transport, retries and adaptive idle included,
 * with BlockHound watching every Netty event loop and Reactor scheduler thread: nothing may block them.
 * Runs in a JVM of its own (see the {@code blockhound} execution in the pom).
 */
class EpollWebClientBlockHoundTests extends AbstractWebClientResetTests {

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
		return WebClientTransport.EPOLL;
	}

	@Test
	void blockHoundSeesABlockingCallOnAReactorThread() {
		Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> LockSupport.parkNanos(1_000_000)).block();
		assertThat(BlockingCalls.drain()).singleElement().asString().contains("park");
	}

	@Test
	void blockHoundSeesABlockingCallOnAnEventLoop(ChaosServer server) {
		WebClient client = WebClient.create();
		client.get()
			.uri(server.url("/ok"))
			.retrieve()
			.bodyToMono(String.class)
			.doOnNext((body) -> LockSupport.parkNanos(1_000_000))
			.block(Duration.ofSeconds(10));
		assertThat(BlockingCalls.drain()).singleElement().asString().contains("park", "epoll");
	}

}
