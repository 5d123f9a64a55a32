import Delivery
import Dispatch
import HTTP1

/// Replay and resolve through the admin API: the request parsed, the engine asked, the
/// outcome audited and answered.
enum AdminOperations {
    /// Operations read the journal and wait for it: they run here, one at a time.
    static let queue = DispatchQueue(label: "admin.operations")

    static func change(_ action: String, _ request: AdminRequest, runtime: ReceiverRuntime) -> HTTPResponse {
        let parsed: ReplayRequest
        do throws(UsageError) {
            parsed = try ReplayRequest(json: request.http.body)
        } catch {
            return .error(.badRequest, error.description)
        }
        let who = request.principal?.auditName ?? "admin"
        do throws(DeliveryEngine.OperationError) {
            if action == "resolve" {
                let count = try runtime.engine.resolve(parsed.selection, note: parsed.note ?? "resolved by \(who)")
                request.audit.note(selection: AuditSelection(parsed), count: count)
                runtime.log.info("resolved", ["count": String(count), "source": parsed.selection.source.rawValue, "by": who])
                return .json(.ok, "{\"resolved\":\(count),\"message\":\"resolved \(count) dead letters or quarantined events\"}")
            }
            let report = try runtime.engine.replay(
                parsed.selection, force: parsed.force, to: parsed.to, note: parsed.note ?? "replayed by \(who)")
            request.audit.note(selection: AuditSelection(parsed), count: report.replayed + report.released)
            runtime.log.info("replayed", ["source": parsed.selection.source.rawValue, "result": report.sentence, "by": who])
            return .json(.ok, report.json)
        } catch .recovering {
            return .error(.serviceUnavailable, DeliveryEngine.OperationError.recovering.description, headers: HTTPHeaders([("Retry-After", "5")]))
        } catch .unknownHandler(let name) {
            return .error(.badRequest, "to: no handler named \(name) is configured")
        } catch {
            return .error(.serviceUnavailable, error.description, headers: HTTPHeaders([("Retry-After", "5")]))
        }
    }
}
