/**
 * The entry points for guarding a call against TCP connection resets: {@link dev.resetguard.ResetGuard} and
 * its per-call options and retry state.
 */
@NullMarked
package dev.resetguard;

import org.jspecify.annotations.NullMarked;
