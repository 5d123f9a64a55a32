import Delivery
import SynapEvents

/// Deliveries of the sample events, as the dispatcher would build them.
enum DeliveryFixture {
    static func make(_ kind: EventKind = .attemptCompleted, id: UInt64 = 0x0193_a5f2_c1d8_0001, body: String? = nil, isRedelivery: Bool = false) -> Delivery {
        let text = body ?? SampleEvents.body(for: kind)
        let event = try! SynapEventDecoder().decode(kind, from: Array(text.utf8))
        return Delivery(
            id: EventID(rawValue: id), receivedAt: 1_795_433_919_135, route: "/webhooks/\(kind.rawValue)", event: event,
            kindRule: "route", body: Array(text.utf8), requestID: "req-1", isRedelivery: isRedelivery)
    }
}
