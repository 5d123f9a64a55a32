import JSONSyntax

/// Guesses an event's kind from its body, for a URL shared by several subscriptions.
///
/// Prefer one route per kind: Synap subscribes one event to one URL, and most payloads do not say
/// what they are. Only five kinds carry `meta.eventName`; the rest are told apart by their shape
/// (synap-events.md §1.1), which is **fragile**: attempt.submitted and attempt.completed (and the
/// exam pair) can be nearly identical for auto-marked attempts, user.registered is documented with
/// a `previousValues` like user.updated, and any payload change can move a body to another kind.
public enum EventKindDetector {
    /// The kind of a parsed body: from `meta.eventName` when it names a known kind, else from the
    /// shape. `nil` when the body is not a JSON object or matches no rule. Linear in the body's size.
    public static func detect(_ value: JSONValue) -> KindDetection? {
        guard let top = PayloadShape(value) else { return nil }
        if let name = top["meta"]?.eventName, let kind = EventKind(code: name) {
            return KindDetection(kind: kind, rule: .metaEventName)
        }
        return shape(of: top).map { KindDetection(kind: $0, rule: .payloadShape) }
    }

    /// Parses `body` and detects its kind; nil also when it is not JSON. Prefer `detect(_:)` with
    /// the `JSONValue` already parsed from the body.
    public static func detect(_ body: [UInt8]) -> KindDetection? {
        guard let value = try? JSONValue(parsing: body) else { return nil }
        return detect(value)
    }

    /// The shape rules, most distinctive first. Override and exam checks precede the attempt
    /// checks because those payloads also carry `attempt` (and override a top-level `score`).
    static func shape(of top: PayloadShape) -> EventKind? {
        let attempt = top["attempt"]
        let state = attempt?["state"]
        let completed =
            top.has("timeCompleted") || attempt?.has("timeCompleted") == true || state?.has("timeCompleted") == true

        if top.has("planter") { return .flagPlanted }
        if top.has("learningRecord") { return .learningRecordCreated }
        if top.has("purchaseMethod") || top.has("unlockActions") { return .storePurchase }
        if top.has("actionType") && (top.has("credits") || top.has("penalties") || top.has("points")) {
            return .attemptOverrideCreated
        }
        if top.has("assignment") { return .assignmentCompleted }
        if top.has("totalUsers") || top.has("moderators") || top.has("isDefaultGroup") { return .userAddedToGroup }

        // Only exam.* payloads (and user.registeredForExam) carry an `exam` object. `attempt.isExam`
        // is not relied on: it is typed as a literal that the docs themselves contradict (§7.2).
        if let exam = top["exam"] {
            if exam.has("schedule") || !top.has("attempt") { return .userRegisteredForExam }
            if attempt?.has("audit") == true || attempt?.has("examStatus") == true { return .examResultsReleased }
            if !completed { return .examStarted }
            // Guesswork: only exam.completed documents a certificate, a grade, `deferred` or a top-level
            // userGroup. An auto-marked exam.submitted without them looks the same as exam.completed.
            let completedOnly =
                top.has("certificate") || top.has("userGroup") || attempt?.has("grade") == true
                || state?.has("deferred") == true
            return completedOnly ? .examCompleted : .examSubmitted
        }
        if top.has("attempt") {
            if top.scoreIsNumber { return .attemptCompleted }
            return completed ? .attemptSubmitted : .attemptStarted
        }

        // user.registered is documented with a `previousValues` too (§7.10); presumably empty there.
        if let previous = top["previousValues"], !previous.members.isEmpty, top.has("objectId") || top.has("email") {
            return .userUpdated
        }
        if top.has("timeRegistered") || (top.has("objectId") && top.has("email") && top.has("usergroups")) {
            return .userRegistered
        }
        return nil
    }
}
