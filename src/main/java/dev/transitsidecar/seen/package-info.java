/** The ciphertext versions a sidecar decrypted recently, which the rotation interlock asks for. */
package dev.transitsidecar.seen;
