# Vault policy for Veeam Kasten K10's own needs, for reference.
#
# With transit-sidecar in K10's pod, K10 holds no Vault token at all: it talks to the sidecar on
# http://127.0.0.1:8200 with a pod-local client token, and only the sidecar's token reaches Vault.
# That token needs nothing but policies/transit-sidecar.hcl (`transit-sidecar policy` prints it for
# your mount and keys). Do NOT give K10 this policy in that setup.
#
# This file is the policy K10's documentation asks for when K10 talks to Vault directly
# (docs.kasten.io, "Configuring Vault Server for Kubernetes Auth"), written out for the mount
# "transit" and the key "kasten". Replace both if yours differ. It is what the sidecar takes over:
#
#   - K10 lists transit/keys and reads its key (docs: "read" and "list" on transit/keys);
#   - it encrypts and decrypts its master key with that key;
#   - it does not rewrap, create data keys, rotate or configure the key (the documentation names no
#     such capability; transit-sidecar's `rotate` command does key rotation itself).
#
# The documentation binds the Kubernetes auth role to K10's crypto service account in kasten-io
# (crypto-svc in current releases, k10-k10 in older ones).

path "transit/keys" {
  capabilities = ["read", "list"]
}

path "transit/keys/kasten" {
  capabilities = ["read"]
}

path "transit/encrypt/kasten" {
  capabilities = ["update"]
}

path "transit/decrypt/kasten" {
  capabilities = ["update"]
}
