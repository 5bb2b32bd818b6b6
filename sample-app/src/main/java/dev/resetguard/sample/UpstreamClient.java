package dev.resetguard.sample;

/**
 * One of the clients the sample drives: it downloads and uploads through its own HTTP stack, under
 * Reset Guard's decoration. Thread-safe.
 */
public interface UpstreamClient {

	/**
	 * Return the client's name, its {@code client} tag in Reset Guard's metrics.
	 * @return the name
	 */
	String name();

	/**
	 * Download a body with a GET.
	 * @param path the path on the upstream
	 * @throws Exception if the call fails for good
	 */
	void download(String path) throws Exception;

	/**
	 * Upload a body with a POST that carries an {@code Idempotency-Key}, on a fresh connection.
	 * @param path the path on the upstream
	 * @param body the body
	 * @param idempotencyKey the key that makes the POST safe to retry
	 * @throws Exception if the call fails for good
	 */
	void upload(String path, byte[] body, String idempotencyKey) throws Exception;

}
