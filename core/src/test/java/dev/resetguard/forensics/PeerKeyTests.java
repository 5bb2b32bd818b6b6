package dev.resetguard.forensics;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerKeyTests {

	@Test
	void controlCharactersOfAHostAreEscaped() {
		assertThat(PeerKey.of("evil\r\nhost", 80)).isEqualTo("evil\\r\\nhost:80");
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(textBlock = """
			http://inventory.internal:8080/items?id=1,  inventory.internal:8080
			http://Inventory.Internal/items,            inventory.internal:80
			https://payments.internal/pay,              payments.internal:443
			HTTPS://payments.internal/pay,              payments.internal:443
			https://user:secret@payments.internal:8443, payments.internal:8443
			http://[::1]:9000/x,                        [::1]:9000
			ws://events.internal/stream,                events.internal:80
			wss://events.internal/stream,               events.internal:443
			""")
	void keyOfUriIsHostAndPortWithTheSchemesDefault(String uri, String key) {
		assertThat(PeerKey.of(URI.create(uri))).isEqualTo(key);
	}

	@ParameterizedTest
	// The message is sanitized: "ops:" before an "@" reads as a user and password, and goes.
	@CsvSource(delimiter = '|', textBlock = """
			/relative/path         | URI has no host: /relative/path
			mailto:ops@example.com | URI has no host: example.com
			ftp://files.internal/x | URI has no port and scheme 'ftp' has no default
			""")
	void uriWithoutHostOrKnownPortIsRejected(String uri, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> PeerKey.of(URI.create(uri))).withMessage(message);
	}

}
