package dev.resetguard.retry;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyRulesTests {

	private static final List<String> IDEMPOTENT = List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

	private static final List<String> NON_IDEMPOTENT = List.of("POST", "PATCH", "CONNECT", "PURGE", "get");

	private static final List<String> KEYS = Arrays.asList(null, "", "  ", "7f1c2a");

	@ParameterizedTest(name = "{0} {1} {2} key={3} body={4} -> {5}")
	@CsvSource(nullValues = "absent", textBlock = """
			GET,     NEVER,     SENT,     absent, replayable, true
			HEAD,    NEVER,     UNKNOWN,  absent, replayable, true
			OPTIONS, SAFE_ONLY, SENT,     absent, replayable, true
			PUT,     NEVER,     SENT,     absent, replayable, true
			DELETE,  SAFE_ONLY, UNKNOWN,  absent, replayable, true
			TRACE,   ALWAYS,    SENT,     absent, replayable, true
			PUT,     ALWAYS,    SENT,     k1,     streaming,  false
			PUT,     ALWAYS,    UNKNOWN,  absent, streaming,  false
			PUT,     NEVER,     NOT_SENT, absent, streaming,  false
			POST,    NEVER,     NOT_SENT, absent, replayable, false
			POST,    NEVER,     SENT,     k1,     replayable, false
			POST,    SAFE_ONLY, NOT_SENT, absent, replayable, true
			POST,    SAFE_ONLY, SENT,     absent, replayable, false
			POST,    SAFE_ONLY, UNKNOWN,  absent, replayable, false
			POST,    SAFE_ONLY, SENT,     k1,     replayable, true
			POST,    SAFE_ONLY, UNKNOWN,  k1,     replayable, true
			POST,    SAFE_ONLY, SENT,     '',     replayable, false
			POST,    SAFE_ONLY, SENT,     '   ',  replayable, false
			POST,    SAFE_ONLY, NOT_SENT, absent, streaming,  false
			POST,    SAFE_ONLY, SENT,     k1,     streaming,  false
			POST,    ALWAYS,    SENT,     absent, replayable, true
			POST,    ALWAYS,    UNKNOWN,  absent, replayable, true
			POST,    ALWAYS,    SENT,     k1,     streaming,  false
			POST,    NEVER,     NOT_SENT, absent, streaming,  false
			PATCH,   NEVER,     NOT_SENT, k1,     replayable, false
			PATCH,   SAFE_ONLY, NOT_SENT, absent, replayable, true
			PATCH,   SAFE_ONLY, SENT,     absent, replayable, false
			PATCH,   SAFE_ONLY, UNKNOWN,  k1,     replayable, true
			PATCH,   ALWAYS,    SENT,     absent, replayable, true
			PURGE,   SAFE_ONLY, SENT,     absent, replayable, false
			PURGE,   SAFE_ONLY, NOT_SENT, absent, replayable, true
			PURGE,   ALWAYS,    SENT,     absent, replayable, true
			get,     SAFE_ONLY, SENT,     absent, replayable, false
			""")
	void decidesWhetherAResetRequestMayBeRetried(String method, NonIdempotentRetry mode, RequestExposure exposure,
			String key, String body, boolean expected) {
		RequestTraits request = RequestTraits.ofHttp(method, key, "replayable".equals(body));
		assertThat(IdempotencyRules.mayRetry(request, exposure, mode)).isEqualTo(expected);
	}

	@Test
	void bodyThatCannotBeReplayedIsNeverRetriedWhateverTheMethodAndExposure() {
		forEveryCombination((method, mode, exposure, key) -> assertThat(mayRetry(method, mode, exposure, key, false))
			.as(method + " " + mode + " " + exposure)
			.isFalse());
	}

	@Test
	void idempotentMethodWithReplayableBodyIsAlwaysRetried() {
		forEveryCombination((method, mode, exposure, key) -> {
			if (IDEMPOTENT.contains(method)) {
				assertThat(mayRetry(method, mode, exposure, key, true)).as(method + " " + mode + " " + exposure)
					.isTrue();
			}
		});
	}

	@Test
	void neverModeNeverRetriesANonIdempotentMethod() {
		forEveryCombination((method, mode, exposure, key) -> {
			if (NON_IDEMPOTENT.contains(method) && mode == NonIdempotentRetry.NEVER) {
				assertThat(mayRetry(method, mode, exposure, key, true)).as(method + " " + exposure + " " + key)
					.isFalse();
			}
		});
	}

	@Test
	void alwaysModeRetriesEveryReplayableRequest() {
		forEveryCombination((method, mode, exposure, key) -> {
			if (mode == NonIdempotentRetry.ALWAYS) {
				assertThat(mayRetry(method, mode, exposure, key, true)).as(method + " " + exposure + " " + key)
					.isTrue();
			}
		});
	}

	@Test
	void methodsAreIdempotentExactlyAsRfc9110Says() {
		assertThat(IDEMPOTENT).allMatch(IdempotencyRules::isIdempotentMethod);
		assertThat(NON_IDEMPOTENT).noneMatch(IdempotencyRules::isIdempotentMethod);
		assertThat(IdempotencyRules.isIdempotentMethod(null)).isFalse();
	}

	private static boolean mayRetry(String method, NonIdempotentRetry mode, RequestExposure exposure, String key,
			boolean replayableBody) {
		return IdempotencyRules.mayRetry(RequestTraits.ofHttp(method, key, replayableBody), exposure, mode);
	}

	private static void forEveryCombination(Combination check) {
		for (String method : List.of(IDEMPOTENT, NON_IDEMPOTENT).stream().flatMap(List::stream).toList()) {
			for (NonIdempotentRetry mode : NonIdempotentRetry.values()) {
				for (RequestExposure exposure : RequestExposure.values()) {
					for (String key : KEYS) {
						check.accept(method, mode, exposure, key);
					}
				}
			}
		}
	}

	@FunctionalInterface
	private interface Combination {

		void accept(String method, NonIdempotentRetry mode, RequestExposure exposure, String key);

	}

}
