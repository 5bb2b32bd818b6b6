package com.example.smoke.restclient;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.Toxic;
import dev.resetguard.test.ToxicKind;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given an upstream that resets the connection after reading the request head once, a RestClient built from Boot's builder has the
 * reset counted with its phase, retried by Reset Guard and answered: the call is counted recovered.
 * A client that Reset Guard did not decorate would fail the call or leave the meters absent.
 */
@SpringBootTest
class InventoryClientTests {

	private static final ChaosServer upstream = ChaosServer.start();

	@Autowired
	private InventoryClient client;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry properties) {
		properties.add("inventory.url", () -> upstream.url("/inventory"));
	}

	@AfterAll
	static void stopUpstream() {
		upstream.close();
	}

	@Test
	void resetAfterRequestHeadIsCountedRetriedAndRecovered() {
		upstream.next(1, Toxic.resetAfterRequestHead());
		assertThat(this.client.stock("A-1")).isEqualTo("ok");
		assertThat(upstream.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD)).isEqualTo(1);
		assertThat(upstream.ledger().requests()).hasSize(2);
		String peer = upstream.host() + ":" + upstream.port();
		assertThat(this.registry.get("reset.guard.resets")
			.tag("client", "rest-client")
			.tag("peer", peer)
			.tag("phase", "awaiting-response")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("reset.guard.retries").tag("client", "rest-client").tag("peer", peer).counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("reset.guard.calls")
			.tag("client", "rest-client")
			.tag("peer", peer)
			.tag("outcome", "recovered")
			.counter()
			.count()).isEqualTo(1);
	}

}
