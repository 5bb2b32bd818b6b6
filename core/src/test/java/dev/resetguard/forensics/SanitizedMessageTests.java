package dev.resetguard.forensics;

import java.net.SocketException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SanitizedMessageTests {

	@Test
	void removesUserInfoQueryAndFragmentFromQuotedUrl() {
		String message = "I/O error on GET request for \"http://user:pass@host:8080/path?token=SECRET#frag\": Connection reset";
		assertThat(SanitizedMessage.of(message))
			.isEqualTo("I/O error on GET request for \"http://host:8080/path\": Connection reset");
	}

	@Test
	void removesSecretsFromEveryUrlInTheMessage() {
		String message = "200 OK from GET https://a.example/x?k=1 (redirected from http://u@b.example/y?s=2 )";
		assertThat(SanitizedMessage.of(message)).isEqualTo("200 OK from GET https://a.example/x (redirected from http://b.example/y )");
	}

	@Test
	void escapesLineBreaksAndOtherControlCharacters() {
		String message = "Connection reset\r\n2026-03-01 WARN forged line\tx\u0007y\u0085z\u2028";
		assertThat(SanitizedMessage.of(message))
			.isEqualTo("Connection reset\\r\\n2026-03-01 WARN forged line\\tx\\u0007y\\u0085z\\u2028");
	}

	@Test
	void removesCredentialsWrittenWithoutScheme() {
		assertThat(SanitizedMessage.of("Cannot reach admin:s3cret@db.internal:5432 (pool main)"))
			.isEqualTo("Cannot reach db.internal:5432 (pool main)");
	}

	@Test
	void keepsAnAddressWithoutPassword() {
		assertThat(SanitizedMessage.of("Mail to ops@example.com failed")).isEqualTo("Mail to ops@example.com failed");
	}

	@Test
	void removesPasswordParameters() {
		assertThat(SanitizedMessage.of("Cannot open jdbc:sqlserver://db:1433;user=app;password=s3cret;encrypt=true"))
			.isEqualTo("Cannot open jdbc:sqlserver://db:1433;user=app;encrypt=true");
		assertThat(SanitizedMessage.of("login failed for url db;PWD=s3cret")).isEqualTo("login failed for url db");
	}

	@Test
	void keepsMessageWithoutUrlAsIs() {
		assertThat(SanitizedMessage.of(new SocketException("Connection reset"))).isEqualTo("Connection reset");
	}

	@Test
	void cutsVeryLongMessages() {
		assertThat(SanitizedMessage.of("x".repeat(2000))).hasSize(515).endsWith("...");
	}

	@Test
	void nullStaysNull() {
		assertThat(SanitizedMessage.of((Throwable) null)).isNull();
		assertThat(SanitizedMessage.of(new SocketException())).isNull();
	}

}
