package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.serving.ServingSettings;
import dev.merchantry.platform.serving.ServingSettingsService;
import io.vertx.core.http.HttpMethod;

/** {@code GET/PUT /api/v1/shops/{shop}/serving-settings}: fallback chain, already-bought filter, refresh cadence. */
public final class ServingSettingsResource {

    private final ServingSettingsService settings;

    public ServingSettingsResource(ServingSettingsService settings) {
        this.settings = settings;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/serving-settings", Access.SHOP,
                "Recommendation fallback chain, already-bought filter and model refresh cadence of the shop")
                        .tag("strategies").response(ServingSettings.SCHEMA),
                ctx -> settings.find(ctx.pathParam("shop")).map(s -> Reply.ok(s.toJson())));
        routes.handle(ApiRoutes.op(HttpMethod.PUT, "/api/v1/shops/:shop/serving-settings", Access.SHOP,
                "Change some serving settings; every bad key is reported and nothing changes").tag("strategies")
                        .body(ServingSettings.SCHEMA.named("ServingSettingsPatch").allOptional())
                        .response(ServingSettings.SCHEMA),
                ctx -> settings.update(ctx.pathParam("shop"), Bodies.object(ctx)).map(s -> Reply.ok(s.toJson())));
    }
}
