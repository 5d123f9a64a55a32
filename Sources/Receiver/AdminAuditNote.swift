import Synchronization

/// The details of an admin action that only its handler knows: which selection, how many.
/// The responder writes one audit record per state-changing request after the handler answers
/// (with the principal, the route's name and the status); a handler of a read that must be
/// audited anyway (revealing a learner's data) calls `note` too, and one that wrote its own
/// record (login) calls `recordedByHandler`.
final class AdminAuditNote: Sendable {
    struct Content: Sendable {
        /// Whether the handler called `note` (a read is audited only then).
        var noted = false
        var action: String?
        var selection = AuditSelection()
        var count: Int?
        var recordedByHandler = false
    }

    private let content = Mutex(Content())

    /// Sets what the audit record says; `action` defaults to the route's name.
    func note(action: String? = nil, selection: AuditSelection = AuditSelection(), count: Int? = nil) {
        content.withLock { $0 = Content(noted: true, action: action, selection: selection, count: count, recordedByHandler: $0.recordedByHandler) }
    }

    /// The handler wrote its own audit record: the responder writes none.
    func recordedByHandler() {
        content.withLock { $0.recordedByHandler = true }
    }

    var current: Content { content.withLock { $0 } }
}
