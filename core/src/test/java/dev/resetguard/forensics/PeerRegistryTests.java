package dev.resetguard.forensics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerRegistryTests {

	@Test
	void samePeerGetsTheSameEntryMadeOnce() {
		AtomicInteger made = new AtomicInteger();
		PeerRegistry<Object> registry = new PeerRegistry<>(10, (peer) -> {
			made.incrementAndGet();
			return new Object();
		});
		assertThat(registry.get("a:1")).isSameAs(registry.get("a:1")).isNotSameAs(registry.get("b:1"));
		assertThat(made).hasValue(2);
	}

	@Test
	void findMakesNoEntry() {
		PeerRegistry<Object> registry = new PeerRegistry<>(10, (peer) -> new Object());
		assertThat(registry.find("a:1")).isNull();
		assertThat(registry.size()).isZero();
		Object entry = registry.get("a:1");
		assertThat(registry.find("a:1")).isSameAs(entry);
	}

	@Test
	void keepsAtMostItsBoundAndHandsEveryForgottenEntryOver() {
		Map<String, String> forgotten = new ConcurrentHashMap<>();
		PeerRegistry<String> registry = new PeerRegistry<>(5, (peer) -> "entry of " + peer, forgotten::put);
		for (int i = 0; i < 1000; i++) {
			registry.get("peer-" + i + ":1");
		}
		assertThat(registry.size()).isEqualTo(5);
		assertThat(forgotten).hasSize(995).allSatisfy((peer, entry) -> assertThat(entry).isEqualTo("entry of " + peer));
		registry.forEach((peer, entry) -> assertThat(forgotten).doesNotContainKey(peer));
	}

	@Test
	void rejectsABoundBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PeerRegistry<>(0, (peer) -> peer))
			.withMessage("maxPeers must be at least 1, but was 0");
	}

}
