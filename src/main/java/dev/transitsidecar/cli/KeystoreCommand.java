package dev.transitsidecar.cli;

import dev.transitsidecar.keystore.Keystore;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.PassphrasePasskey;
import dev.transitsidecar.keystore.Passkey;
import dev.transitsidecar.keystore.TransitPasskey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keystore init|show|add-passkey|use-passkey|remove-passkey} (docs/design.md, "The keystore"). The keystore is
 * {@code keystore.file}, or the Secret {@code keystore.secret.*} when set (docs/rotation.md, "The keystore in a
 * Secret"); Vault is reached with the configured auth. Passphrases are read from a file or the terminal,
 * never from an argument. Output never shows key material; ciphertexts only with {@code show --ciphertexts}.
 */
@Command(name = "keystore", description = "Manage the keystore that holds the sidecar's master key, wrapped.",
    subcommands = {KeystoreCommand.Init.class, KeystoreCommand.Show.class, KeystoreCommand.AddPasskey.class,
        KeystoreCommand.UsePasskey.class, KeystoreCommand.RemovePasskey.class})
final class KeystoreCommand implements Callable<Integer> {
  private final Cli cli;

  KeystoreCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    cli.err().println("transit-sidecar: keystore needs a subcommand: init, show, add-passkey, use-passkey, "
        + "remove-passkey");
    return Cli.USAGE;
  }

  /** Opens the tools, runs the action, closes them; exit 2 when no keystore is configured. */
  static int with(Cli cli, ConfigOption config, Function<KeystoreTools, Integer> action) {
    Optional<KeystoreTools> opened = KeystoreTools.open(cli, config);
    if (opened.isEmpty()) {
      return Cli.USAGE;
    }
    try (KeystoreTools tools = opened.get()) {
      return action.apply(tools);
    }
  }

  static void print(PrintWriter out, String where, Keystore keystore, boolean ciphertexts) {
    out.println("keystore: " + where);
    out.println("key_id: " + keystore.keyId());
    out.println("passkeys:");
    for (Passkey p : keystore.passkeys()) {
      String detail = switch (p) {
        case TransitPasskey t -> t.mount() + "/" + t.key() + " v" + t.version();
        case PassphrasePasskey f -> "argon2id m=" + f.memoryKib() + " t=" + f.iterations() + " p=" + f.parallelism();
      };
      out.println("  " + p.name() + "  " + p.type() + "  " + detail + (p.inUse() ? "  in use" : "")
          + "  created " + p.created());
      if (ciphertexts) {
        out.println("    ciphertext: " + (p instanceof TransitPasskey t ? t.ciphertext()
            : ((PassphrasePasskey) p).ciphertext()));
      }
    }
    out.flush();
  }

  /** The unlock passphrase of an in-use passphrase passkey: from the file if given, else the terminal. */
  static Supplier<char[]> unlock(Path file) {
    return () -> file != null ? Passphrases.fromFile(file)
        : Passphrases.fromTerminal("Passphrase of the passkey in use", false);
  }

  @Command(name = "init", description = "Create the keystore: a new random master key (or --import), wrapped with "
      + "the Transit key keystore.transitKey at transit.mount.")
  static final class Init implements Callable<Integer> {
    private final Cli cli;
    @Mixin
    ConfigOption config;
    @Option(names = "--import", paramLabel = "FILE", description = "a file of exactly 32 raw bytes to import")
    Path importFrom;

    Init(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return with(cli, config, tools -> {
        Keystore created = tools.admin(unlock(null)).init(tools.config().transit().mount(),
            tools.config().keystore().transitKey(), Optional.ofNullable(importFrom));
        cli.out().println("created keystore " + tools.store().where() + " with key_id " + created.keyId());
        cli.out().flush();
        return 0;
      });
    }
  }

  @Command(name = "show", description = "Show the passkeys and key_id (no ciphertext unless asked).")
  static final class Show implements Callable<Integer> {
    private final Cli cli;
    @Mixin
    ConfigOption config;
    @Option(names = "--ciphertexts", description = "show the wrapped ciphertexts too")
    boolean ciphertexts;

    Show(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return with(cli, config, tools -> {
        print(cli.out(), tools.store().where(), tools.admin(unlock(null)).show(), ciphertexts);
        return 0;
      });
    }
  }

  @Command(name = "add-passkey", description = "Add another wrapping of the master key.")
  static final class AddPasskey implements Callable<Integer> {
    private final Cli cli;
    @Mixin
    ConfigOption config;
    @Option(names = "--name", required = true, description = "the new passkey's name")
    String name;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;
    @Option(names = "--mount", description = "with --vault-transit: the Transit mount (default: transit.mount)")
    String mount;
    @Option(names = "--key", description = "with --vault-transit: the Transit key (default: keystore.transitKey)")
    String key;
    @Option(names = "--unlock-passphrase-file", paramLabel = "FILE",
        description = "the passphrase of the passkey in use, when that is a passphrase passkey (else asked)")
    Path unlockFile;

    static final class Kind {
      @Option(names = "--vault-transit", description = "wrap with a Transit key")
      boolean transit;
      @Option(names = "--passphrase-file", paramLabel = "FILE", description = "wrap under the passphrase in FILE")
      Path passphraseFile;
      @Option(names = "--passphrase-prompt", description = "wrap under a passphrase asked on the terminal")
      boolean prompt;
    }

    AddPasskey(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      if (!kind.transit && (mount != null || key != null)) {
        cli.err().println("transit-sidecar: --mount and --key go with --vault-transit");
        return Cli.USAGE;
      }
      return with(cli, config, tools -> {
        KeystoreAdmin admin = tools.admin(unlock(unlockFile));
        Keystore changed = kind.transit
            ? admin.addTransitPasskey(name, mount != null ? mount : tools.config().transit().mount(),
                key != null ? key : tools.config().keystore().transitKey())
            : admin.addPassphrasePasskey(name, kind.passphraseFile != null
                ? Passphrases.fromFile(kind.passphraseFile)
                : Passphrases.fromTerminal("Passphrase for passkey " + name, true));
        cli.out().println("added passkey " + name + " (" + changed.find(name).orElseThrow().type() + ")");
        cli.out().flush();
        return 0;
      });
    }
  }

  @Command(name = "use-passkey", description = "Make a passkey the one the sidecar unwraps with.")
  static final class UsePasskey implements Callable<Integer> {
    private final Cli cli;
    @Mixin
    ConfigOption config;
    @Parameters(paramLabel = "NAME")
    String name;

    UsePasskey(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return with(cli, config, tools -> {
        Keystore changed = tools.admin(unlock(null)).usePasskey(name);
        cli.out().println("passkey " + name + " is now in use");
        if (changed.inUse() instanceof PassphrasePasskey) {
          cli.out().println("note: the sidecar unwraps only vault-transit passkeys; it is not ready until one is "
              + "in use again");
        }
        cli.out().flush();
        return 0;
      });
    }
  }

  @Command(name = "remove-passkey", description = "Remove a passkey (never the one in use, never the last).")
  static final class RemovePasskey implements Callable<Integer> {
    private final Cli cli;
    @Mixin
    ConfigOption config;
    @Parameters(paramLabel = "NAME")
    String name;

    RemovePasskey(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return with(cli, config, tools -> {
        tools.admin(unlock(null)).removePasskey(name);
        cli.out().println("removed passkey " + name);
        cli.out().flush();
        return 0;
      });
    }
  }
}
