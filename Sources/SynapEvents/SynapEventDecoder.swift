#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONSyntax

/// Decodes a webhook body into the typed model of a known event kind.
///
/// Two paths, one result. The fast path parses the body into a `JSONValue` once and runs the
/// models' hand-written `init(reading:)` (`JSONValueReadable`); it only says whether the body fits.
/// When it does not, the Codable path (`JSONValueDecoder` and the models' `init(from:)`, two to
/// three times slower) decodes the body again to name the field and the reason. `foundationDecode` keeps
/// Foundation's `JSONDecoder` for the differential test, which checks all three agree. Keep
/// decoding off the acknowledgement path.
public struct SynapEventDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes `body` as an event of `kind`.
    /// - Throws: `EventDecodingError` naming the field that does not fit, or "not valid JSON".
    public func decode(_ kind: EventKind, from body: [UInt8]) throws(EventDecodingError) -> SynapEvent {
        switch kind {
        case .attemptStarted: .attemptStarted(try decode(AttemptStarted.self, from: body))
        case .attemptSubmitted: .attemptSubmitted(try decode(AttemptSubmitted.self, from: body))
        case .attemptCompleted: .attemptCompleted(try decode(AttemptCompleted.self, from: body))
        case .attemptOverrideCreated: .attemptOverrideCreated(try decode(AttemptOverrideCreated.self, from: body))
        case .examStarted: .examStarted(try decode(ExamStarted.self, from: body))
        case .examSubmitted: .examSubmitted(try decode(ExamSubmitted.self, from: body))
        case .examCompleted: .examCompleted(try decode(ExamCompleted.self, from: body))
        case .examResultsReleased: .examResultsReleased(try decode(ExamResultsReleased.self, from: body))
        case .userRegistered: .userRegistered(try decode(UserRegistered.self, from: body))
        case .userUpdated: .userUpdated(try decode(UserUpdated.self, from: body))
        case .userAddedToGroup: .userAddedToGroup(try decode(UserAddedToGroup.self, from: body))
        case .userRegisteredForExam: .userRegisteredForExam(try decode(UserRegisteredForExam.self, from: body))
        case .assignmentCompleted: .assignmentCompleted(try decode(AssignmentCompleted.self, from: body))
        case .flagPlanted: .flagPlanted(try decode(FlagPlanted.self, from: body))
        case .storePurchase: .storePurchase(try decode(StorePurchase.self, from: body))
        case .learningRecordCreated: .learningRecordCreated(try decode(LearningRecordCreated.self, from: body))
        }
    }

    /// Decodes `body` as one specific event model.
    /// - Throws: `EventDecodingError` naming the field that does not fit, or "not valid JSON".
    public func decode<Payload: SynapEventPayload>(
        _ type: Payload.Type, from body: [UInt8]
    ) throws(EventDecodingError) -> Payload {
        if let model = Self.read(type, from: body) { return model }
        return try codableDecode(type, from: body)
    }

    /// The fast path: the model read by its `init(reading:)`, or nil when the body is not JSON or
    /// does not fit the model.
    static func read<Payload: SynapEventPayload>(_ type: Payload.Type, from body: [UInt8]) -> Payload? {
        // Every payload conforms; the cast only bridges the public signature to the internal
        // protocol, and folds away once `decode` is specialised for a model (none shows in perf).
        guard let readable = type as? any JSONValueReadable.Type,
            let value = try? JSONValue(parsing: body)
        else { return nil }
        return (try? readable.init(reading: value)) as? Payload
    }

    /// The Codable path, for bodies the fast path refused: it finds why, and says where. It parses
    /// the body again, which only refused bodies pay, so that errors have one source.
    func codableDecode<Payload: SynapEventPayload>(
        _ type: Payload.Type, from body: [UInt8]
    ) throws(EventDecodingError) -> Payload {
        do {
            return try JSONValueDecoder.decode(type, from: body)
        } catch let error as DecodingError {
            throw EventDecodingError(error, body: body)
        } catch {
            throw EventDecodingError(fieldPath: "", reason: String(describing: error))
        }
    }

    /// The same decode through Foundation's `JSONDecoder`, for differential tests.
    func foundationDecode<Payload: SynapEventPayload>(_ type: Payload.Type, from body: [UInt8]) throws(EventDecodingError) -> Payload {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw EventDecodingError(error, body: body)
        } catch {
            throw EventDecodingError(fieldPath: "", reason: String(describing: error))
        }
    }
}
