package io.github.camelloganalytics;

import org.apache.camel.spi.ShutdownPrepared;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Tells the producers of one route when that route starts stopping. Camel waits for a stopping route's exchanges
 * before it stops the route's producers; an acknowledged exchange waits for its batch, so the batch must be sent and
 * settled while Camel waits. Camel calls {@link ShutdownPrepared} on a route's services first; producers are not among
 * them, so the component adds this to each route that sends to it.
 */
final class RouteStopHook extends ServiceSupport implements ShutdownPrepared {

    private final LogAnalyticsComponent component;
    private final String routeId;

    RouteStopHook(LogAnalyticsComponent component, String routeId) {
        this.component = component;
        this.routeId = routeId;
    }

    String routeId() {
        return routeId;
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        if (forced) {
            component.routeStopNow(routeId);
        } else if (!suspendOnly) {
            component.routeStopping(routeId);
        }
    }
}
