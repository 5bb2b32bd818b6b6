/**
 * Guards RestClient and RestTemplate calls: records their resets and retries the ones that are safe to
 * retry.
 */
@NullMarked
package dev.resetguard.web.client;

import org.jspecify.annotations.NullMarked;
