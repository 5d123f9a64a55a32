import JSONSyntax

/// Decodes a webhook body into the typed model of a known event kind.
///
/// The receiver parses a body once, with `JSONValue(parsing:)` (which is also its syntax check), and
/// decodes that value here: `decode(_:from:)` with a `JSONValue`. Each model is read by its
/// hand-written `init(reading:)` (`JSONValueReadable`), which also names the field and the reason
/// when the body does not fit, so decoding and its errors cost time linear in the body's size,
/// whatever its shape. The byte-taking overloads parse first; they are for callers that hold only
/// bytes. Keep decoding off the acknowledgement path.
public struct SynapEventDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes a parsed body as an event of `kind`.
    /// - Throws: `EventDecodingError` naming the field that does not fit and why.
    public func decode(_ kind: EventKind, from value: JSONValue) throws(EventDecodingError) -> SynapEvent {
        switch kind {
        case .attemptStarted: .attemptStarted(try decode(AttemptStarted.self, from: value))
        case .attemptSubmitted: .attemptSubmitted(try decode(AttemptSubmitted.self, from: value))
        case .attemptCompleted: .attemptCompleted(try decode(AttemptCompleted.self, from: value))
        case .attemptOverrideCreated: .attemptOverrideCreated(try decode(AttemptOverrideCreated.self, from: value))
        case .examStarted: .examStarted(try decode(ExamStarted.self, from: value))
        case .examSubmitted: .examSubmitted(try decode(ExamSubmitted.self, from: value))
        case .examCompleted: .examCompleted(try decode(ExamCompleted.self, from: value))
        case .examResultsReleased: .examResultsReleased(try decode(ExamResultsReleased.self, from: value))
        case .userRegistered: .userRegistered(try decode(UserRegistered.self, from: value))
        case .userUpdated: .userUpdated(try decode(UserUpdated.self, from: value))
        case .userAddedToGroup: .userAddedToGroup(try decode(UserAddedToGroup.self, from: value))
        case .userRegisteredForExam: .userRegisteredForExam(try decode(UserRegisteredForExam.self, from: value))
        case .assignmentCompleted: .assignmentCompleted(try decode(AssignmentCompleted.self, from: value))
        case .flagPlanted: .flagPlanted(try decode(FlagPlanted.self, from: value))
        case .storePurchase: .storePurchase(try decode(StorePurchase.self, from: value))
        case .learningRecordCreated: .learningRecordCreated(try decode(LearningRecordCreated.self, from: value))
        }
    }

    /// Parses `body` and decodes it as an event of `kind`. Prefer `decode(_:from:)` with the
    /// `JSONValue` already parsed from the body.
    /// - Throws: `EventDecodingError`: "(root): not valid JSON", or the field that does not fit.
    public func decode(_ kind: EventKind, from body: [UInt8]) throws(EventDecodingError) -> SynapEvent {
        try decode(kind, from: try Self.parse(body))
    }

    /// Decodes a parsed body as one specific event model.
    /// - Throws: `EventDecodingError` naming the field that does not fit and why.
    public func decode<Payload: SynapEventPayload>(
        _ type: Payload.Type, from value: JSONValue
    ) throws(EventDecodingError) -> Payload {
        // Every payload of this module has a reader; the cast only bridges the public signature to the
        // internal protocol, and folds away once `decode` is specialised for a model.
        guard let readable = type as? any JSONValueReadable.Type else {
            return try codableDecode(type, from: value)
        }
        do throws(ValueMismatch) {
            // The reader of `Payload` builds a `Payload`.
            return try readable.init(reading: value) as! Payload
        } catch {
            throw error.decodingError
        }
    }

    /// Parses `body` and decodes it as one specific event model.
    /// - Throws: `EventDecodingError`: "(root): not valid JSON", or the field that does not fit.
    public func decode<Payload: SynapEventPayload>(
        _ type: Payload.Type, from body: [UInt8]
    ) throws(EventDecodingError) -> Payload {
        try decode(type, from: try Self.parse(body))
    }

    /// The body as a `JSONValue`, or "(root): not valid JSON".
    static func parse(_ body: [UInt8]) throws(EventDecodingError) -> JSONValue {
        do {
            return try JSONValue(parsing: body)
        } catch {
            throw EventDecodingError(fieldPath: "", reason: "not valid JSON")
        }
    }

    /// For payload types from outside this module, which have no reader: their `init(from:)`
    /// through `JSONValueDecoder`.
    func codableDecode<Payload: SynapEventPayload>(
        _ type: Payload.Type, from value: JSONValue
    ) throws(EventDecodingError) -> Payload {
        do {
            return try JSONValueDecoder.decode(type, from: value)
        } catch let error as DecodingError {
            throw EventDecodingError(error, in: value)
        } catch {
            throw EventDecodingError(fieldPath: "", reason: String(describing: error))
        }
    }
}
