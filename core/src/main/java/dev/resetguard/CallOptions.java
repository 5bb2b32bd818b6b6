package dev.resetguard;

import java.util.Objects;

import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetrySettings;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ResetGuard} may treat one call: whether repeating it is safe, and optionally retry
 * settings that replace the peer's for this call. Immutable; start from {@link #idempotent()},
 * {@link #nonIdempotent()} or {@link #forMethod(String)}.
 */
public final class CallOptions {

	private static final CallOptions IDEMPOTENT = new CallOptions(new RequestTraits(true, false, true), null);

	private static final CallOptions NON_IDEMPOTENT = new CallOptions(new RequestTraits(false, false, true), null);

	private final RequestTraits traits;

	private final @Nullable RetrySettings settings;

	private CallOptions(RequestTraits traits, @Nullable RetrySettings settings) {
		this.traits = traits;
		this.settings = settings;
	}

	/**
	 * Options for a call that may be repeated freely, like a read or a PUT.
	 * @return the options
	 */
	public static CallOptions idempotent() {
		return IDEMPOTENT;
	}

	/**
	 * Options for a call that must not be repeated blindly, like a POST: it is retried only as
	 * {@link RetrySettings#nonIdempotent()} allows. A programmatic call cannot show that it never reached
	 * the peer, so with the default {@code safe-only} it is retried only with an
	 * {@link #withIdempotencyKey(String) idempotency key}.
	 * @return the options
	 */
	public static CallOptions nonIdempotent() {
		return NON_IDEMPOTENT;
	}

	/**
	 * Options for a call that sends an HTTP request with the given method: idempotent for GET, HEAD,
	 * OPTIONS, PUT, DELETE and TRACE, non-idempotent otherwise.
	 * @param method the HTTP method, as sent
	 * @return the options
	 */
	public static CallOptions forMethod(String method) {
		return new CallOptions(RequestTraits.ofHttp(method, null, true), null);
	}

	/**
	 * Return options that carry an idempotency key, which lets the peer recognise a repeat and so makes
	 * a non-idempotent call safe to retry under {@code safe-only}.
	 * @param key the key sent with the call; {@code null} or blank counts as no key
	 * @return new options
	 */
	public CallOptions withIdempotencyKey(@Nullable String key) {
		return new CallOptions(this.traits.withIdempotencyKey(key), this.settings);
	}

	/**
	 * Return options whose retry settings replace the peer's for this call. The peer's retry budget
	 * is shared by all its calls, so the budget values of these settings are not used.
	 * @param settings the retry settings for this call
	 * @return new options
	 */
	public CallOptions withSettings(RetrySettings settings) {
		return new CallOptions(this.traits, Objects.requireNonNull(settings, "settings"));
	}

	RequestTraits traits() {
		return this.traits;
	}

	@Nullable RetrySettings settings() {
		return this.settings;
	}

	@Override
	public String toString() {
		return "CallOptions[idempotent=" + this.traits.idempotent() + ", idempotencyKey="
				+ this.traits.idempotencyKey() + ", settings=" + this.settings + "]";
	}

}
