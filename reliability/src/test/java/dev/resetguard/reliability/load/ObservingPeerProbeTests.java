package dev.resetguard.reliability.load;

import java.io.IOException;
import java.time.Duration;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.Toxic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load test's probe must witness every reset on accept it draws, or the load test's count of injected
 * resets cannot balance. Against a real loopback server the RST usually beats the end of a connect with a
 * timeout, which then fails with it (954 of 1,000 here): those count too.
 */
class ObservingPeerProbeTests {

	private static final int PROBES = 100;

	@Test
	void everyResetOnAcceptIsCountedWhetherItFailsTheConnectOrTheRead() throws Exception {
		ObservingPeerProbe probe = new ObservingPeerProbe(Duration.ofSeconds(2));
		try (ChaosServer server = ChaosServer.start()) {
			String peer = server.url("").replaceAll("http://([^/]*).*", "$1");
			for (int i = 0; i < PROBES; i++) {
				server.next(1, Toxic.resetOnAccept());
				try {
					probe.probe(peer);
				}
				catch (IOException ex) {
					// The connect itself was reset, which fails the probe as it fails the starter's.
				}
			}
			assertThat(server.ledger().injectedCount()).isEqualTo(PROBES);
			assertThat(probe.resets()).isEqualTo(PROBES);
			assertThat(probe.connections()).isEqualTo(PROBES);
			assertThat(probe.unanswered()).isZero();
		}
	}

}
