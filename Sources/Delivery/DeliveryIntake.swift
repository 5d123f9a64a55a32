import JSONSyntax
import SynapEvents
import SystemIO

/// Everything that happens to a request's body after authentication, in one place: the stores'
/// limits, the de-duplication claim, decoding (once), filters, the event id and record, the
/// journal append, and handing the event to the engine once it is durable.
public final class DeliveryIntake: Sendable {
    /// A request body for a route, as the HTTP side hands it over.
    public struct Submission: Sendable {
        public let route: RoutePlan
        /// The body as it is stored and forwarded.
        public let body: [UInt8]
        /// The same body parsed (the value built when it was checked to be JSON): decoded,
        /// filtered and kind-checked from here, never parsed again.
        public let value: JSONValue
        public let requestID: String
        public let contentType: String

        public init(route: RoutePlan, body: [UInt8], value: JSONValue, requestID: String, contentType: String) {
            self.route = route
            self.body = body
            self.value = value
            self.requestID = requestID
            self.contentType = contentType
        }
    }

    /// What became of a submission.
    public enum Answer: Sendable, Equatable {
        /// Durable under this id; `quarantined` says why it went to the quarantine instead of the
        /// handlers; `warning`, what an operator should know (a `meta.eventName` this version
        /// does not know, taken as the route's kind).
        case accepted(EventID, quarantined: String?, warning: String? = nil)
        /// The same body was accepted on this route within the window, as this id.
        case duplicate(of: EventID)
        /// The route refuses payloads that do not fit their model; nothing was stored.
        case refused(String)
        /// The event is about a learner whose later events are not kept: acknowledged, nothing stored or dispatched.
        case suppressed
        /// It could not be stored now; nothing was stored.
        case unavailable(Unavailability)
    }

    /// Why an event cannot be stored now: the answer is 503, and readiness says the same.
    public enum Unavailability: String, Sendable, CaseIterable {
        case journalFull = "journal_full"
        case journalUnwritable = "journal_unwritable"
        case dataDirectoryMissing = "data_directory_missing"
        case deadLettersFull = "dead_letters_full"
        case quarantineFull = "quarantine_full"

        /// A sentence for the client and the log.
        public var message: String {
            switch self {
            case .journalFull: return "the receiver's journal is full"
            case .journalUnwritable: return "the event could not be stored (the journal cannot be written)"
            case .dataDirectoryMissing: return "the receiver's data directory was deleted or replaced; it must be restarted"
            case .deadLettersFull: return "the receiver's dead letters are full; replay or resolve them"
            case .quarantineFull: return "the receiver's quarantine is full; replay or resolve it"
            }
        }

        /// Seconds a client should wait before trying again.
        public var retryAfter: Int { self == .journalUnwritable ? 5 : 30 }
    }

    let engine: DeliveryEngine
    let decoder = SynapEventDecoder()
    /// Asked about each event before anything of it is stored, with its decoded model (nil when
    /// it does not decode and would go to the quarantine) and its body: true answers
    /// `suppressed`. Nil suppresses nothing.
    let suppressed: (@Sendable (SynapEvent?, JSONValue) -> Bool)?

    public init(engine: DeliveryEngine, suppressed: (@Sendable (SynapEvent?, JSONValue) -> Bool)? = nil) {
        self.engine = engine
        self.suppressed = suppressed
    }

    /// Why nothing can be stored now, or nil when events can be accepted (also what readiness reports).
    public func unavailability(_ limits: StoreLimits) -> Unavailability? {
        switch engine.journal.health {
        case .lost: return .dataDirectoryMissing
        case .failing: return .journalUnwritable
        case .writable: break
        }
        if engine.journal.bytesOnDisk >= limits.journalMaxBytes { return .journalFull }
        let (dead, quarantine) = engine.heldBytes
        if dead >= limits.deadLetterMaxBytes { return .deadLettersFull }
        if quarantine >= limits.quarantineMaxBytes { return .quarantineFull }
        return nil
    }

    /// Stores `submission` and calls `completion` once with the outcome: after the journal's
    /// fsync for an accepted event. `completion` runs on the journal's queue: hand it on to the
    /// connection's queue at once.
    public func submit(_ submission: Submission, limits: StoreLimits, completion: @escaping @Sendable (Answer) -> Void) {
        let route = submission.route
        if let refusal = unavailability(limits), refusal != .journalUnwritable {
            if refusal == .journalFull { engine.requestMaintenance() }
            return completion(.unavailable(refusal))
        }
        // Decoded once, here: the model the handlers get, the filters' input, the quarantine's reason.
        let resolution = EventResolution.resolve(route.kind, value: submission.value, decoder: decoder)
        if case .failure(let problem) = resolution, route.rejectsInvalidPayloads {
            return completion(.refused("payload does not fit \(problem.kind): \(problem.message)"))
        }
        if let suppressed {
            let event: SynapEvent? = if case .success(let (event, _, _)) = resolution { event } else { nil }
            if suppressed(event, submission.value) { return completion(.suppressed) }
        }
        let now = WallClock.nowMilliseconds()
        let key = engine.deduplication.key(route: route.path, body: submission.body)
        let claim = engine.deduplication.claim(key, now: now) { original in
            completion(original.map { .duplicate(of: $0) } ?? .unavailable(.journalUnwritable))
        }
        switch claim {
        case .waiting: return
        case .duplicate(let original): return completion(.duplicate(of: original))
        case .fresh: break
        }
        let id = engine.journal.nextEventID(now: now)
        var changes: [Transition] = []
        var delivery: Delivery?
        var quarantineReason: String?
        var warning: String?
        var handlers = route.handlers
        switch resolution {
        case .failure(let problem):
            quarantineReason = problem.message
            handlers = []
            changes.append(engine.stamp(id, handler: nil, .quarantined(reason: problem.message), at: now))
        case .success(let (event, rule, note)):
            warning = note
            let decoded = Delivery(
                id: id, receivedAt: now, route: route.path, event: event, kindRule: rule, body: submission.body, requestID: submission.requestID)
            delivery = decoded
            for name in handlers {
                if let filter = route.filters[name], !filter.matches(decoded, payload: submission.value) {
                    changes.append(engine.stamp(id, handler: name, .filteredOut, at: now))
                }
            }
        }
        let record = EventRecord(
            id: id, receivedAt: now, route: route.path, kind: route.kind.code, handlers: handlers, requestID: submission.requestID,
            contentType: submission.contentType, body: submission.body)
        let (stamped, decoded, quarantined, warned) = (changes, delivery, quarantineReason, warning)
        let quarantineKind = quarantined == nil ? nil : Self.kindName(route.kind, value: submission.value)
        engine.journal.append([.event(record)] + changes.map(JournalRecord.transition)) { [engine] result in
            switch result {
            case .success(let positions):
                // On the journal's thread: only hand on (the engine reports on its own queue).
                engine.deduplication.confirm(key, id: id)
                engine.accepted(record, at: positions, changes: stamped, delivery: decoded, quarantineKind: quarantineKind)
                completion(.accepted(id, quarantined: quarantined, warning: warned))
            case .failure:
                engine.deduplication.release(key)
                completion(.unavailable(engine.journal.health == .writable ? .journalUnwritable : (engine.journal.health.isLost ? .dataDirectoryMissing : .journalUnwritable)))
            }
        }
    }

    private static func kindName(_ kind: RouteKind, value: JSONValue) -> String {
        if case .fixed(let named) = kind { return named.rawValue }
        return EventKindDetector.detect(value)?.kind.rawValue ?? "auto"
    }
}

extension JournalHealth {
    var isLost: Bool {
        if case .lost = self { return true }
        return false
    }
}
