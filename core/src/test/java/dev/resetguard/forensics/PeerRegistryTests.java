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
	void peersLookedUpBetweenNewcomersOutliveAStreamOfOneOffPeers() {
		Map<String, String> forgotten = new ConcurrentHashMap<>();
		PeerRegistry<Object> registry = new PeerRegistry<>(3, (peer) -> new Object(),
				(peer, entry) -> forgotten.put(peer, peer));
		Object api = registry.get("api:443");
		Object db = registry.get("db:5432");
		for (int i = 0; i < 500; i++) {
			registry.get("one-off-" + i + ":80");
			assertThat(registry.get("api:443")).isSameAs(api);
			assertThat(registry.get("db:5432")).isSameAs(db);
		}
		assertThat(forgotten).hasSize(499).doesNotContainKeys("api:443", "db:5432");
	}

	@Test
	void aNewcomerIsNeverTheOneForgottenToMakeRoomForItself() {
		PeerRegistry<Object> registry = new PeerRegistry<>(1, (peer) -> new Object());
		for (int i = 0; i < 100; i++) {
			String peer = "peer-" + i + ":1";
			Object entry = registry.get(peer);
			assertThat(registry.find(peer)).isSameAs(entry);
			assertThat(registry.size()).isEqualTo(1);
		}
	}

	@Test
	void rejectsABoundBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PeerRegistry<>(0, (peer) -> peer))
			.withMessage("maxPeers must be at least 1, but was 0");
	}

}
