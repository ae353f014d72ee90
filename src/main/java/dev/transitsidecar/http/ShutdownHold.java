package dev.transitsidecar.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.ShutdownEvent;

/**
 * Keeps Vert.x's shutdown signal ({@code ShutdownEvent}, which {@code HttpServer.shutdown} sends every connection
 * after closing the listener) from an HTTP/1.1 connection, which would otherwise close at once when idle: a request
 * already on its way over it would meet a closed socket. It tells {@link GracefulStop} instead, which closes the
 * connection itself, and
 * Vert.x still closes whatever is left when the shutdown's time runs out. This reaches into Vert.x's connection
 * (its Netty pipeline), which its public API does not offer; {@code GracefulStopTest} fails if a Vert.x release
 * changes the behaviour. A connection that is not one of Vert.x's own is left as it is.
 */
final class ShutdownHold extends ChannelInboundHandlerAdapter {
  private static final String NAME = "transit-sidecar-shutdown-hold";
  private final Runnable listenerClosed;

  private ShutdownHold(Runnable listenerClosed) {
    this.listenerClosed = listenerClosed;
  }

  /** {@code listenerClosed} runs (on the connection's event loop) when the signal comes, in its place. */
  static void install(HttpConnection connection, Runnable listenerClosed) {
    if (connection instanceof ConnectionBase base) {
      ChannelHandlerContext vertxHandler = base.channelHandlerContext();
      if (vertxHandler.pipeline().get(NAME) == null) {
        vertxHandler.pipeline().addBefore(vertxHandler.name(), NAME, new ShutdownHold(listenerClosed));
      }
    }
  }

  /**
   * Runs {@code task} on {@code connection}'s event loop, where its requests are dispatched, so that the task sees
   * every request already read from the socket; a connection that is not one of Vert.x's own runs it in place.
   */
  static void onEventLoop(HttpConnection connection, Runnable task) {
    if (connection instanceof ConnectionBase base) {
      base.channelHandlerContext().executor().execute(task);
    } else {
      task.run();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof ShutdownEvent) {
      listenerClosed.run();
    } else {
      super.userEventTriggered(ctx, event);
    }
  }
}
