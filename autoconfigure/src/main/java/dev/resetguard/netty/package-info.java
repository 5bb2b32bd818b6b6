/**
 * Instruments Reactor Netty connections so that their resets are recorded and their idle time kept below
 * each peer's limit.
 */
@NullMarked
package dev.resetguard.netty;

import org.jspecify.annotations.NullMarked;
