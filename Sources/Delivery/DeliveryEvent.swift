import SynapEvents

/// What the delivery engine reports to logs and metrics.
public enum DeliveryEvent: Sendable {
    case delivered(handler: String, delivery: Delivery, seconds: Double)
    case filteredOut(handler: String, id: EventID)
    case failed(handler: String, delivery: Delivery, error: String, retryIn: Double)
    case deadLettered(handler: String, id: EventID, attempts: Int, error: String)
    case quarantined(id: EventID, route: String, kind: String, error: String)
    case archiveFailed(what: String, error: String)
}
