import Delivery
import JSONSyntax
import SystemIO

/// A subject access request's answer: every stored event about a learner as a JSON line, in the
/// file sink's record format, with each handler that received it and when:
///
///     {"id":"…","receivedAt":"…","route":"…","kind":"…","deliveries":[{"handler":"lms","status":
///      "delivered","at":"…","attempts":1}],"body":{…}}
enum LearnerExport {
    static func lines(_ engine: DeliveryEngine, matcher: LearnerMatcher, write: ([UInt8]) -> Void) throws(DeliveryEngine.OperationError) -> Int {
        try engine.export(matcher) { record, changes in
            var last: [String: Transition] = [:]
            for change in changes { if let handler = change.handler { last[handler] = change } }
            let deliveries: [JSONValue] = last.sorted { $0.key < $1.key }.map { handler, change in
                var members: [(String, JSONValue)] = [
                    ("handler", .string(handler)), ("status", .string(change.status?.description ?? "")),
                    ("at", .string(WallClock.iso8601(milliseconds: change.at))),
                ]
                switch change.change {
                case .delivered(let attempt, _), .dead(let attempt, _, _), .retrying(let attempt, _, _, _):
                    members.append(("attempts", .number(String(attempt))))
                default:
                    break
                }
                return .object(members)
            }
            var bytes = Array(JSONValue.object([
                ("id", .string(record.id.description)), ("receivedAt", .string(WallClock.iso8601(milliseconds: record.receivedAt))),
                ("route", .string(record.route)), ("kind", .string(record.kind)), ("deliveries", .array(deliveries)),
            ]).serialized().utf8)
            bytes.removeLast()
            bytes += Array(",\"body\":".utf8)
            bytes += record.body.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
            bytes += [UInt8(ascii: "}"), 0x0A]
            write(bytes)
        }
    }
}
