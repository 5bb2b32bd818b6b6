/**
 * A loopback chaos server that injects real TCP resets on demand ({@link dev.resetguard.test.ChaosServer},
 * {@link dev.resetguard.test.Toxic}), a ledger of what it injected
 * ({@link dev.resetguard.test.ChaosLedger}) and a JUnit Jupiter extension
 * ({@link dev.resetguard.test.ChaosServerExtension}).
 */
@NullMarked
package dev.resetguard.test;

import org.jspecify.annotations.NullMarked;
