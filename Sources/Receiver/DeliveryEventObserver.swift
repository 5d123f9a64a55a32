import Delivery

/// Turns the delivery engine's reports into operational log lines and metrics.
struct DeliveryEventObserver: Sendable {
    let log: OperationalLog
    let metrics: Metrics

    func report(_ event: DeliveryEvent) {
        count(event)
        switch event {
        case .delivered(let handler, let delivery, let seconds):
            log.debug("delivered", ["handler": handler, "id": delivery.id.description, "kind": delivery.kind.rawValue, "attempt": delivery.attempt, "ms": Int(seconds * 1000)])
        case .filteredOut(let handler, let id):
            log.debug("filtered out", ["handler": handler, "id": id.description])
        case .failed(let handler, let delivery, let error, let retryIn):
            log.warning("handler failed; will retry", ["handler": handler, "id": delivery.id.description, "attempt": delivery.attempt, "retryInSeconds": Int(retryIn.rounded(.up)), "error": error])
        case .deadLettered(let handler, let id, let attempts, let error):
            log.error("handler gave up; event moved to dead letters", ["handler": handler, "id": id.description, "attempts": attempts, "error": error])
        case .quarantined(let id, let route, let kind, let error):
            log.warning("payload does not fit its model; quarantined", ["id": id.description, "route": route, "kind": kind, "error": error])
        case .archiveFailed(let what, let error):
            log.error("could not archive; will retry at next start", ["what": what, "error": error])
        }
    }

    private func count(_ event: DeliveryEvent) {
        switch event {
        case .delivered(let handler, _, _): metrics.increment("synap_handler_deliveries_total", ["handler": handler, "outcome": "delivered"])
        case .filteredOut(let handler, _): metrics.increment("synap_handler_deliveries_total", ["handler": handler, "outcome": "filtered_out"])
        case .failed(let handler, _, _, _): metrics.increment("synap_handler_deliveries_total", ["handler": handler, "outcome": "failed"])
        case .deadLettered(let handler, _, _, _): metrics.increment("synap_handler_deliveries_total", ["handler": handler, "outcome": "dead_lettered"])
        case .quarantined(_, let route, let kind, _): metrics.increment("synap_events_quarantined_total", ["route": route, "kind": kind])
        case .archiveFailed: break
        }
    }
}
