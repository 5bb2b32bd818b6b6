package dev.resetguard.test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link ChaosServerExtension} injects servers and cleans them up.
 */
@ExtendWith(ChaosServerExtension.class)
class ChaosServerExtensionTests {

	private static final List<ChaosServer> injected = new CopyOnWriteArrayList<>();

	private ChaosServer fromBeforeEach;

	@BeforeEach
	void capture(ChaosServer server) {
		this.fromBeforeEach = server;
	}

	@Test
	void injectsTheSameServerIntoBeforeEachAndTheTest(ChaosServer server) throws IOException {
		injected.add(server);
		assertThat(server).isSameAs(this.fromBeforeEach);
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
	}

	@Test
	void injectsTheVariantsTheOptionsAskFor(ChaosServer plain, @ChaosOptions(raw = true) ChaosServer raw,
			@ChaosOptions(ipv6 = true) ChaosServer ipv6, @ChaosOptions(tls = true) ChaosServer tls) {
		injected.addAll(List.of(plain, raw, ipv6, tls));
		assertThat(plain).isSameAs(this.fromBeforeEach);
		assertThat(plain.isRaw()).isFalse();
		assertThat(raw.isRaw()).isTrue();
		assertThat(ipv6.host()).isEqualTo("[::1]");
		assertThat(ipv6.url("/x")).isEqualTo("http://[::1]:" + ipv6.port() + "/x");
		assertThat(tls.url("/x")).isEqualTo("https://127.0.0.1:" + tls.port() + "/x");
		assertThat(List.of(plain.port(), raw.port(), ipv6.port(), tls.port())).doesNotHaveDuplicates();
	}

	@Test
	void givesEachTestAFreshServer(ChaosServer server) {
		injected.add(server);
		assertThat(server.ledger().connectionsAccepted()).isZero();
		assertThat(injected.stream().filter((each) -> each == server)).hasSize(1);
	}

	@AfterAll
	static void everyInjectedServerWasClosed() {
		assertThat(injected).isNotEmpty();
		for (ChaosServer server : injected) {
			assertThat(Awaiting.chaosThreads(server.port())).as("threads of %s", server).isEmpty();
		}
	}

}
