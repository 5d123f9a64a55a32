import Delivery
import HTTP1
import JSONSyntax

/// `POST /admin/erase` `{"user": "ada@example.edu", "dryRun": false, "suppress": false}` and
/// `POST /admin/export` `{"user": "ada@example.edu"}` on the admin listener (operator): erasure
/// and export by learner. The identifier is posted, never put in a URL, which proxies log.
/// The audit log keeps who, when, the counts and the identifier's keyed hash, never the
/// identifier.
enum AdminStewardship {
    static func routes(runtime: LateReference<ReceiverRuntime>) -> [AdminRoute] {
        [
            AdminRoute("POST", .exact("/admin/erase"), name: "erase", access: .role(.operator)) { request, completion in
                guard let running = runtime.object else { return completion(.error(.serviceUnavailable, "stopping")) }
                AdminOperations.queue.async { completion(erase(running, request)) }
            },
            AdminRoute("POST", .exact("/admin/export"), name: "export", access: .role(.operator)) { request, completion in
                guard let running = runtime.object else { return completion(.error(.serviceUnavailable, "stopping")) }
                AdminOperations.queue.async { completion(export(running, request)) }
            },
        ]
    }

    static func erase(_ runtime: ReceiverRuntime, _ request: AdminRequest) -> HTTPResponse {
        guard let body = try? JSONValue(parsing: request.http.body), let user = body["user"]?.stringValue,
              !user.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            return .error(.badRequest, "the body must be {\"user\": \"<user id or email>\", \"dryRun\": false, \"suppress\": false}")
        }
        for flag in ["dryRun", "suppress"] where body[flag] != nil && body[flag]?.boolValue == nil {
            return .error(.badRequest, "\(flag): must be true or false")
        }
        let dryRun = body["dryRun"]?.boolValue ?? false
        let suppress = body["suppress"]?.boolValue ?? false
        do {
            let outcome = try runtime.erase(user, dryRun: dryRun, suppress: suppress)
            request.audit.note(
                action: dryRun ? "erase.dry-run" : "erase", selection: erasureSelection(user, suppress: suppress && !dryRun),
                count: outcome.engine.events + outcome.fileLineCount)
            return .json(.ok, outcome.json())
        } catch let error as DeliveryEngine.OperationError {
            return .error(.serviceUnavailable, error.description, headers: HTTPHeaders([("Retry-After", "5")]))
        } catch {
            return .error(.serviceUnavailable, "the erasure stopped: \(error); run it again to complete it", headers: HTTPHeaders([("Retry-After", "5")]))
        }
    }

    static func export(_ runtime: ReceiverRuntime, _ request: AdminRequest) -> HTTPResponse {
        guard let posted = try? JSONValue(parsing: request.http.body), let user = posted["user"]?.stringValue,
              !user.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            return .error(.badRequest, "the body must be {\"user\": \"<user id or email>\"}")
        }
        let body: [UInt8]
        do throws(DeliveryEngine.OperationError) {
            body = try exportLines(runtime, request, identifier: user)
        } catch {
            return .error(.serviceUnavailable, error.description, headers: HTTPHeaders([("Retry-After", "5")]))
        }
        return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/x-ndjson")]), body: body)
    }

    /// What an erasure's audit record names: the learner as a keyed hash, and whether they were suppressed.
    static func erasureSelection(_ identifier: String, suppress: Bool) -> AuditSelection {
        var selection: AuditSelection = ["user": .identifier(identifier)]
        if suppress { selection.fields.append(("suppress", .text("true"))) }
        return selection
    }

    /// Every stored event about the learner as JSON lines; the export is audited with the
    /// identifier's keyed hash.
    static func exportLines(_ runtime: ReceiverRuntime, _ request: AdminRequest, identifier: String) throws(DeliveryEngine.OperationError) -> [UInt8] {
        var body: [UInt8] = []
        let count = try LearnerExport.lines(runtime.engine, matcher: LearnerMatcher(identifier, identifiers: runtime.identifiers)) { body += $0 }
        request.audit.note(action: "export", selection: ["user": .identifier(identifier)], count: count)
        return body
    }
}
