package dev.merchantry.platform.node;

import dev.merchantry.platform.http.WebhookResource;
import dev.merchantry.platform.http.WebhookSender;
import dev.merchantry.platform.webhooks.WebhookOptions;
import dev.merchantry.platform.webhooks.WebhookServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Webhooks: the shop's subscriptions (REST), the durable outbox the published notifications are written to, and the
 * dispatcher that delivers it with retries; the customer erasure removes what the outbox holds about the customer.
 */
public final class WebhooksModule implements NodeModule {

    private static final Logger LOG = LoggerFactory.getLogger(WebhooksModule.class);

    private final NodeCore core;
    private final WebhookSender sender;
    private final WebhookServices webhooks;

    public WebhooksModule(NodeCore core, IngestModule ingest) {
        this.core = core;
        WebhookOptions options = core.options().webhooks();
        this.sender = new WebhookSender(core.vertx(), options);
        this.webhooks = WebhookServices.create(core.vertx(), core.nodeName(), core.database().webhooks(), sender,
                options, core.clock(), core.registry());
        ingest.erasure().register(webhooks.outbox()::eraseCustomer);
        // Installed before any module can make a change, and never removed: deliveries stored while the node stops
        // are durable like any other, delivered after the restart or by another node.
        core.database().recordNoticesWith(webhooks.outbox());
        NodeCore.await(webhooks.start());
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new WebhookResource(webhooks.webhooks()).register(routes));
        Duration retention = core.options().webhooks().retention();
        wiring.every(Duration.ofHours(1), "purging old webhook deliveries", () -> {
            int purged = core.database().webhooks().purgeFinished(core.clock().instant().minus(retention));
            if (purged > 0) {
                LOG.info("purged {} webhook deliveries finished more than {} ago", purged, retention);
            }
        });
        wiring.onStop(sender::close);
        wiring.onStop(() -> NodeCore.await(webhooks.stop()));
    }
}
