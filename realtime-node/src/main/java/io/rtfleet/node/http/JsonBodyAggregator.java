package io.rtfleet.node.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.rtfleet.node.discord.ApiError;

/**
 * Aggregates request bodies up to a limit and refuses larger ones with Discord's 413 JSON. The
 * connection stays open and the rest of the oversized body is discarded: closing while the client
 * still sends would reset the connection before it reads the answer.
 */
public final class JsonBodyAggregator extends HttpObjectAggregator {
  public JsonBodyAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    HttpResponses.write(ctx, true, RestResponse.error(ApiError.REQUEST_TOO_LARGE));
  }
}
