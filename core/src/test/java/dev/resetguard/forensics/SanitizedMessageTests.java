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
