package dev.transitsidecar.memory;

/**
 * What {@link LockedMemory#hardenProcess()} achieved, for the start-up log.
 *
 * @param nonDumpable {@code prctl(PR_SET_DUMPABLE, 0)} succeeded: no core dumps, no ptrace attach by the same user
 * @param coreLimitZero the soft {@code RLIMIT_CORE} is now 0
 */
public record Hardening(boolean nonDumpable, boolean coreLimitZero) {}
