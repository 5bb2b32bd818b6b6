package dev.resetguard.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerTagLimiterTests {

	@Test
	void firstPeersKeepTheirNameAndLaterOnesAreOther() {
		PeerTagLimiter limiter = new PeerTagLimiter(2);
		assertThat(limiter.tagFor("a:80")).isEqualTo("a:80");
		assertThat(limiter.tagFor("b:80")).isEqualTo("b:80");
		assertThat(limiter.tagFor("c:80")).isEqualTo("other");
		assertThat(limiter.tagFor("a:80")).isEqualTo("a:80");
		assertThat(limiter.tagFor("c:80")).isEqualTo("other");
	}

	@Test
	void zeroPeersTagsEveryPeerOther() {
		assertThat(new PeerTagLimiter(0).tagFor("a:80")).isEqualTo("other");
	}

	@Test
	void nullPeerIsOther() {
		assertThat(new PeerTagLimiter(5).tagFor(null)).isEqualTo("other");
	}

	@Test
	void negativeLimitIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PeerTagLimiter(-1))
			.withMessage("maxPeers must be at least 0, but was -1");
	}

	@Test
	void concurrentPeersNeverExceedTheLimit() throws Exception {
		PeerTagLimiter limiter = new PeerTagLimiter(100);
		Set<String> tags = ConcurrentHashMap.newKeySet();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			for (int i = 0; i < 10_000; i++) {
				String peer = "host-" + (i % 5_000) + ":443";
				executor.execute(() -> tags.add(limiter.tagFor(peer)));
			}
		}
		finally {
			executor.shutdown();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(tags).hasSize(101).contains("other");
	}

}
