package io.rtfleet.node.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has neither sent nor received anything for a while, so that a caller who
 * opens connections and says nothing (or dribbles a request's head) holds no socket for long.
 */
public final class IdleConnectionCloser extends ChannelDuplexHandler {
  private IdleConnectionCloser() {}

  /** Adds the idle timer and the closer at the end of the pipeline. */
  public static void install(ChannelPipeline pipeline, Duration idle) {
    pipeline.addLast(new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addLast(new IdleConnectionCloser());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (event instanceof IdleStateEvent) {
      context.close();
    } else {
      context.fireUserEventTriggered(event);
    }
  }
}
