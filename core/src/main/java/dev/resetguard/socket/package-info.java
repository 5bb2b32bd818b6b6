/**
 * Socket factories and sockets that record each connection's phases and retry a connect that met a reset or
 * refusal.
 */
@NullMarked
package dev.resetguard.socket;

import org.jspecify.annotations.NullMarked;
