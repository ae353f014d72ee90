package dev.transitsidecar.devvault;

/** Mounts a {@link TransitBackend} in the engine's mount table. */
final class TransitMount implements Backend {
  private final TransitBackend transit;

  TransitMount(TransitBackend transit) {
    this.transit = transit;
  }

  @Override
  public String type() {
    return "transit";
  }

  @Override
  public Operation resolve(Operation requested, String path) {
    return transit.resolve(requested, path);
  }

  @Override
  public Reply handle(Call call) {
    return transit.handle(call.op(), call.path(), call.body());
  }
}
