package io.rtfleet.node.gateway;

import io.rtfleet.node.auth.TokenCodec;
import io.rtfleet.node.config.NodeConfig;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.limit.KeyedLimiter;
import io.rtfleet.node.limit.ReconnectBudget;
import io.rtfleet.node.metrics.NodeMetrics;
import io.rtfleet.node.operations.GuildEngine;
import io.rtfleet.node.session.SessionRegistry;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** What every gateway connection shares: the node's configuration, state and clocks. */
public record GatewayServices(
    NodeConfig config,
    TokenCodec tokens,
    Directory directory,
    SessionRegistry sessions,
    GuildEngine engine,
    NodeMetrics metrics,
    KeyedLimiter identifyLimiter,
    ReconnectBudget reconnectBudget,
    Supplier<String> sessionIds,
    LongSupplier nanoClock,
    FlushBatcher.PerLoop flushBatchers,
    SessionTransfer transfer,
    ConnectionResets resets) {}
