package dev.transitsidecar.cli;

import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policy}: prints the least privilege Vault policy (HCL) for the configured mount and keys, generated from
 * the same allow-list the proxy forwards by.
 */
@Command(name = "policy",
    description = "Print the least privilege Vault policy (HCL) for the configured mount and keys.")
final class PolicyCommand implements Callable<Integer> {
  private final Cli cli;

  @Mixin
  ConfigOption config;

  @Option(names = "--rotation",
      description = "print the policy for the token that rotates the key (keystore.transitKey) instead")
  boolean rotation;

  PolicyCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    return config.run(cli.env(), (vertx, loaded) -> {
      cli.out().print(rotation
          ? PolicyHcl.generateRotation(AllowList.forRotation(loaded.transit().mount(), loaded.keystore().transitKey()))
          : PolicyHcl.generate(AllowList.of(loaded.transit())));
      cli.out().flush();
      return 0;
    });
  }
}
