package dev.merchantry.platform.http;

import dev.merchantry.platform.customers.CustomerErasure;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.ingest.DataSettings;
import dev.merchantry.platform.ingest.DataSettingsService;
import io.vertx.core.http.HttpMethod;

/**
 * Customer privacy and the shop's data settings: {@code DELETE /api/v1/shops/{shop}/customers/{id}} (right to be
 * forgotten) and {@code GET/PUT /api/v1/shops/{shop}/data-settings} (interaction weights, pseudonymization).
 */
public final class CustomerResource {

    private final CustomerErasure erasure;
    private final DataSettingsService settings;

    public CustomerResource(CustomerErasure erasure, DataSettingsService settings) {
        this.erasure = erasure;
        this.settings = settings;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, "/api/v1/shops/:shop/customers/:customer", Access.SHOP,
                "Erase a customer's events and derived profiles; says how many records went").tag("data")
                        .response(CustomerErasure.ERASED),
                ctx -> erasure.erase(ctx.pathParam("shop"), ctx.pathParam("customer")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/data-settings", Access.SHOP,
                "Interaction weights, interaction signal and pseudonymization of the shop").tag("data")
                        .response(DataSettings.SCHEMA),
                ctx -> settings.find(ctx.pathParam("shop")).map(s -> Reply.ok(s.toJson())));
        routes.handle(ApiRoutes.op(HttpMethod.PUT, "/api/v1/shops/:shop/data-settings", Access.SHOP,
                "Change some data settings; every bad key is reported and nothing changes").tag("data")
                        .body(DataSettings.SCHEMA.named("DataSettingsPatch").allOptional())
                        .response(DataSettings.SCHEMA),
                ctx -> settings.update(ctx.pathParam("shop"), Bodies.object(ctx)).map(s -> Reply.ok(s.toJson())));
    }
}
