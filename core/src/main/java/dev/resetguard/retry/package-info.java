/**
 * Decides whether and when a call that met a reset is retried: idempotency rules, budgets, backoff and the
 * outcome listeners.
 */
@NullMarked
package dev.resetguard.retry;

import org.jspecify.annotations.NullMarked;
