import Delivery
import Dispatch
import HTTP1
import SystemIO

/// The admin listener (bind it to localhost): health, metrics, and the status, replay,
/// resolve and dead-letter APIs that the command line calls.
struct AdminResponder: HTTPResponder {
    let operations: OperationsEndpoints
    let runtime: LateReference<ReceiverRuntime>

    func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? { nil }

    func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        if let answer = operations.answer(request) { return completion(answer) }
        guard let runtime = runtime.object else { return completion(.error(.serviceUnavailable, "stopping")) }
        let path = request.head.path
        switch (request.head.method, path) {
        case ("GET", "/admin/status"):
            completion(.json(.ok, StatusReport(runtime: runtime).json()))
        case ("POST", "/admin/replay"), ("POST", "/admin/resolve"):
            let request = request
            // Replays read the journal and wait for it: off the connection's queue, one at a time.
            Self.operations.async { completion(Self.change(request, path: path, runtime: runtime)) }
        case ("GET", "/admin/dead-letters"), ("GET", "/admin/quarantine"):
            completion(HeldEventsExport.response(
                runtime.engine, source: path == "/admin/quarantine" ? .quarantine : .deadLetters, query: request.head.target))
        case (_, "/admin/status"), (_, "/admin/dead-letters"), (_, "/admin/quarantine"):
            completion(.error(.methodNotAllowed, "\(path) accepts GET only", headers: HTTPHeaders([("Allow", "GET")])))
        case (_, "/admin/replay"), (_, "/admin/resolve"):
            completion(.error(.methodNotAllowed, "\(path) accepts POST only", headers: HTTPHeaders([("Allow", "POST")])))
        default:
            completion(.error(.notFound, "no admin endpoint \(path)"))
        }
    }

    static let operations = DispatchQueue(label: "admin.operations")

    private static func change(_ request: HTTPRequest, path: String, runtime: ReceiverRuntime) -> HTTPResponse {
        let parsed: ReplayRequest
        do throws(UsageError) {
            parsed = try ReplayRequest(json: request.body)
        } catch {
            return .error(.badRequest, error.description)
        }
        do throws(DeliveryEngine.OperationError) {
            if path == "/admin/resolve" {
                let count = try runtime.engine.resolve(parsed.selection, note: parsed.note ?? "resolved through the admin API")
                runtime.log.info("resolved", ["count": String(count), "source": parsed.selection.source.rawValue])
                return .json(.ok, "{\"resolved\":\(count),\"message\":\"resolved \(count) dead letters or quarantined events\"}")
            }
            let report = try runtime.engine.replay(
                parsed.selection, force: parsed.force, to: parsed.to, note: parsed.note ?? "replayed through the admin API")
            runtime.log.info("replayed", ["source": parsed.selection.source.rawValue, "result": report.sentence])
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
