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
        case .setAside(let handler, let id, let attempts):
            log.warning("one event keeps failing; it retries on its own schedule and the events behind it go ahead", ["handler": handler, "id": id.description, "attempts": attempts])
        case .deadLettered(let handler, let id, let attempts, let error):
            log.error("handler gave up; the event is a dead letter", ["handler": handler, "id": id.description, "attempts": attempts, "error": error])
        case .quarantined(let id, let route, let kind, let error):
            log.warning("payload does not fit its model; quarantined", ["id": id.description, "route": route, "kind": kind, "error": error])
        case .handlerRemoved(let handler, let dead):
            log.warning("handler removed by the reload; its unfinished deliveries are dead letters (replay them to another handler with --to)", ["handler": handler, "deadLetters": dead])
        case .expired(let dead, let quarantined):
            log.info("retention ended", ["deadLetters": dead, "quarantined": quarantined])
        case .storeFailed(let what, let error):
            log.error("storage problem; will retry", ["what": what, "error": error])
        case .segmentsRemoved(let count, let carried, let bytes):
            log.info("removed settled journal segments", ["count": count, "carriedForward": carried, "journalBytes": bytes])
        case .recovered(let events, let resumed, let seconds, let warnings):
            warnings.forEach { log.warning("journal", ["detail": $0]) }
            log.info("journal read; delivering", ["eventsRead": events, "unsettled": resumed, "ms": Int(seconds * 1000)])
        }
    }

    private func count(_ event: DeliveryEvent) {
        switch event {
        case .delivered(let handler, _, _): metrics.increment("synap_handler_deliveries_total", ["handler": handler, "outcome": "delivered"])
        case .filteredOut(let handler, _): metrics.increment("synap_handler_deliveries_total", ["handler": handler, "outcome": "filtered_out"])
        case .failed(let handler, _, _, _): metrics.increment("synap_handler_deliveries_total", ["handler": handler, "outcome": "failed"])
        case .deadLettered(let handler, _, _, _): metrics.increment("synap_handler_deliveries_total", ["handler": handler, "outcome": "dead_lettered"])
        case .quarantined(_, let route, let kind, _): metrics.increment("synap_events_quarantined_total", ["route": route, "kind": kind])
        case .setAside, .handlerRemoved, .expired, .storeFailed, .segmentsRemoved, .recovered: break
        }
    }
}
