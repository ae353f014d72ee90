package dev.transitsidecar.devvault;

/** Vault's logical operations; ACL capabilities are checked against these (create, read, update, delete, list). */
enum Operation {
  CREATE,
  READ,
  UPDATE,
  DELETE,
  LIST;

  /** The ACL capability name that allows this operation. */
  String capability() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
