package dev.transitsidecar.rotate;

/**
 * A key version that some ciphertext still needs, and where that ciphertext is (for the interlock's message).
 *
 * @param where for example {@code keystore passkey vault} or {@code decrypted through the sidecar at ... (last at ...)}
 */
record InUse(int version, String where) {}
