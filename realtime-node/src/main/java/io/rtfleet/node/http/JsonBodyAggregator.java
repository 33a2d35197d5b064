package io.rtfleet.node.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.rtfleet.node.guild.ApiError;
import io.rtfleet.node.rest.RestResponse;

/** Aggregates request bodies up to a limit and refuses larger ones with Discord's 413 JSON. */
public final class JsonBodyAggregator extends HttpObjectAggregator {
  public JsonBodyAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    HttpResponses.write(ctx, false, RestResponse.error(ApiError.REQUEST_TOO_LARGE));
  }
}
