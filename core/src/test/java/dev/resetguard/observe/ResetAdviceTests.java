package dev.resetguard.observe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import dev.resetguard.forensics.ResetCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class ResetAdviceTests {

	@Test
	void staleConnectionsWithALearnedTimeoutNameIt() {
		assertThat(ResetAdvice.of(peer(ResetCause.STALE_CONNECTION), Duration.ofMillis(60_240)))
			.isEqualTo("peer closes idle connections after about 60 s; keep pool idle time below it");
	}

	@Test
	void staleConnectionsWithAShortLearnedTimeoutNameItInMilliseconds() {
		assertThat(ResetAdvice.of(peer(ResetCause.STALE_CONNECTION), Duration.ofMillis(400)))
			.startsWith("peer closes idle connections after about 400 ms");
	}

	@Test
	void staleConnectionsWithoutALearnedTimeoutStillAdvise() {
		assertThat(ResetAdvice.of(peer(ResetCause.STALE_CONNECTION), null))
			.isEqualTo("peer closes pooled connections while they sit idle; keep pool idle time below its idle timeout");
	}

	@Test
	void peerRestartPointsAtTheRestart() {
		assertThat(ResetAdvice.of(peer(ResetCause.PEER_RESTART), null)).contains("restarts or crashes");
	}

	@Test
	void middleboxPointsAtKeepAlive() {
		assertThat(ResetAdvice.of(peer(ResetCause.MIDDLEBOX), null)).contains("firewall").contains("keep-alive");
	}

	@ParameterizedTest
	@EnumSource(ResetCause.class)
	void everyCauseHasOneLineOfAdvice(ResetCause cause) {
		assertThat(ResetAdvice.of(peer(cause), null)).isNotBlank().doesNotContain("\n");
	}

	@Test
	void adviceFollowsTheDominantCause() {
		Map<ResetCause, Long> causes = new EnumMap<>(ResetCause.class);
		causes.put(ResetCause.STALE_CONNECTION, 1L);
		causes.put(ResetCause.RESPONSE_ABORTED, 3L);
		assertThat(ResetAdvice.of(new PeerStatistics("api:443", 10, 4, causes, null), null))
			.startsWith("peer aborts responses midway");
	}

	@Test
	void noResetsNoAdvice() {
		assertThat(ResetAdvice.of(new PeerStatistics("api:443", 10, 0, Map.of(), null), null)).isNull();
	}

	private static PeerStatistics peer(ResetCause cause) {
		return new PeerStatistics("api:443", 10, 2, Map.of(cause, 2L), null);
	}

}
