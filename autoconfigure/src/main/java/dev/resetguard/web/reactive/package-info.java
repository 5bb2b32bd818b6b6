/**
 * Guards WebClient calls: records their resets and retries the ones that are safe to retry.
 */
@NullMarked
package dev.resetguard.web.reactive;

import org.jspecify.annotations.NullMarked;
