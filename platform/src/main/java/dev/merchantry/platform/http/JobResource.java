package dev.merchantry.platform.http;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.auth.Principal;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.strategies.StrategyCatalog;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Training jobs: start one for a shop's bound strategy, follow its state and progress, list a shop's jobs. */
public final class JobResource {

    private static final QueryParam LIMIT = QueryParam.integer("limit", 20, 1, 200, "at most this many");

    private final JobService jobs;

    public JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/shops/:shop/strategies/:kind/train", Access.SHOP,
                "Queue training of the shop's bound strategy; answers 202 with the job id. Jobs of one strategy run"
                        + " one after another; when as many as the node allows (serve --max-queued-jobs, default 1)"
                        + " already wait, 409 names the running and waiting jobs").tag("jobs").success(202)
                        .response(JobService.JOB),
                ctx -> {
                    StrategyKind kind = StrategyCatalog.kind(ctx.pathParam("kind"), "kind");
                    return jobs.submit(ctx.pathParam("shop"), kind, AuthenticationHandler.principal(ctx).actor())
                            .map(job -> Reply.accepted(JobService.toJson(job)));
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/jobs/:id", Access.AUTHENTICATED,
                "A job's state (queued, running, succeeded, failed), progress 0..1, metrics and error; node,"
                        + " attempts (runs started; a job whose node died runs again elsewhere) and lease_until"
                        + " while running").tag("jobs").response(JobService.JOB),
                ctx -> {
                    Principal principal = AuthenticationHandler.principal(ctx);
                    return jobs.find(ctx.pathParam("id")).map(job -> {
                        if (!principal.canAccessShop(job.shopId())) {
                            // Same answer as an unknown id: a shop key must not learn other shops' job ids.
                            throw ServiceException.notFound("unknown job '" + job.id() + "'");
                        }
                        return Reply.ok(JobService.toJson(job));
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/jobs", Access.SHOP,
                "The shop's recent jobs, newest first").tag("jobs")
                        .query(LIMIT).response(Schema.object().required("jobs", Schema.array(JobService.JOB))),
                ctx -> jobs.list(ctx.pathParam("shop"), LIMIT.intValue(ctx)).map(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(j -> out.add(JobService.toJson(j)));
                    return Reply.ok(new JsonObject().put("jobs", out));
                }));
    }
}
