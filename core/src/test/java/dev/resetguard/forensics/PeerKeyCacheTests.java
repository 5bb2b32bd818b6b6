package dev.resetguard.forensics;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerKeyCacheTests {

	private final PeerKeyCache cache = new PeerKeyCache(2);

	@Test
	void keysAreThoseOfPeerKeyAndReusedForTheSameAuthority() {
		URI first = URI.create("http://Example.COM:8080/a");
		String key = this.cache.of(first);
		assertThat(key).isEqualTo(PeerKey.of(first)).isEqualTo("example.com:8080");
		assertThat(this.cache.of(URI.create("http://Example.COM:8080/b?q=1"))).isSameAs(key);
	}

	@Test
	void authorityWithoutPortTakesItsSchemesDefaultPort() {
		assertThat(this.cache.of(URI.create("http://example.com/"))).isEqualTo("example.com:80");
		assertThat(this.cache.of(URI.create("https://example.com/"))).isEqualTo("example.com:443");
		assertThat(this.cache.of(URI.create("wss://example.com/"))).isEqualTo("example.com:443");
		assertThat(this.cache.of(URI.create("http://example.com/"))).isEqualTo("example.com:80");
	}

	@Test
	void ipv6LiteralsKeepTheirBrackets() {
		assertThat(this.cache.of(URI.create("http://[::1]:8080/"))).isEqualTo(PeerKey.of(URI.create("http://[::1]:8080/")));
	}

	@Test
	void pastItsCapacityKeysAreStillRightButNoMoreAreKept() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.cache.of(URI.create("http://host-" + i + ":1/"))).isEqualTo("host-" + i + ":1");
		}
		assertThat(this.cache.size()).isLessThanOrEqualTo(2);
	}

	@Test
	void userInfoIsNeverKeptButTheKeyIsTheSame() {
		String key = this.cache.of(URI.create("http://user:secret@example.com:8080/"));
		assertThat(key).isEqualTo("example.com:8080");
		assertThat(this.cache.of(URI.create("http://user:secret@example.com:8080/"))).isNotSameAs(key);
	}

	@Test
	void uriWithoutHostOrKnownPortIsRejectedAsPeerKeyRejectsIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.of(URI.create("ftp://example.com/")))
			.withMessage("URI has no port and scheme 'ftp' has no default");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.of(URI.create("/relative")))
			.withMessage("URI has no host: /relative");
	}

}
