import Delivery
import JSONSyntax

extension EventRecordFormat {
    /// The record of one delivery's event.
    public func record(for delivery: Delivery, extra: [(String, JSONValue)] = []) -> [UInt8] {
        record(
            id: delivery.id.description, receivedAt: delivery.receivedAt, route: delivery.route, kind: delivery.kind.rawValue,
            kindRule: delivery.kindRule, extra: extra, body: delivery.body)
    }

    /// The record of one delivery's event, as one line.
    public func line(for delivery: Delivery, extra: [(String, JSONValue)] = []) -> [UInt8] {
        line(
            id: delivery.id.description, receivedAt: delivery.receivedAt, route: delivery.route, kind: delivery.kind.rawValue,
            kindRule: delivery.kindRule, extra: extra, body: delivery.body)
    }
}
