import Delivery

/// One configuration in force, whole: routes with their credentials and networks, the
/// delivery plan (handlers, filters), the stores' limits and the trusted proxies. A request
/// reads one snapshot from start to end; a reload swaps in a new one, so nothing is ever half
/// the old configuration and half the new.
final class ReceiverSnapshot: Sendable {
    let configuration: ReceiverConfiguration
    let gate: RouteGate
    let plan: DeliveryPlan

    init(configuration: ReceiverConfiguration, plan: DeliveryPlan, log: OperationalLog, metrics: Metrics) {
        self.configuration = configuration
        self.plan = plan
        gate = RouteGate(configuration: configuration, log: log, metrics: metrics)
    }

    /// The delivery engine's view of a route.
    func route(_ path: String) -> RoutePlan? { plan.routes[path] }
}
