package io.github.camelloganalytics;

import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Tells the producers of one route when that route starts stopping, and tells Camel what they still hold. Camel waits
 * for a stopping route's exchanges before it stops the route's producers; an acknowledged exchange waits for its
 * batch, so the batch must be sent and settled while Camel waits; and queued records, which no exchange waits for,
 * must be delivered or handed to the dead letter endpoint before Camel stops the routes that take them. Camel asks a
 * route's services, not its producers, so the component adds this to each route that sends to it.
 */
final class RouteStopHook extends ServiceSupport implements ShutdownAware {

    private final LogAnalyticsComponent component;
    private final String routeId;

    RouteStopHook(LogAnalyticsComponent component, String routeId) {
        this.component = component;
        this.routeId = routeId;
    }

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    /** Records of this route's producers that have no outcome yet: Camel waits for them as for exchanges. */
    @Override
    public int getPendingExchangesSize() {
        return (int) Math.min(Integer.MAX_VALUE, component.backlog(routeId));
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
