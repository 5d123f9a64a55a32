import JSONSyntax
import Testing
@testable import SynapEvents

/// The project's decoder must read every payload exactly as Foundation's JSONDecoder does:
/// the same model, or the same error (field path and reason). Checked on every sample and on
/// thousands of mutations of them: each member removed, nulled, or given another JSON type.
@Suite struct DecoderDifferentialTests {
    static func variants(of value: JSONValue) -> [JSONValue] {
        var result: [JSONValue] = []
        guard case .object(let members) = value else { return result }
        for (index, member) in members.enumerated() {
            var removed = members
            removed.remove(at: index)
            result.append(.object(removed))
            for replacement in [JSONValue.null, .string("x"), .number("1.5"), .object([])] {
                var replaced = members
                replaced[index].1 = replacement
                result.append(.object(replaced))
            }
            for nested in variants(of: member.1) {
                var replaced = members
                replaced[index].1 = nested
                result.append(.object(replaced))
            }
            if case .array(let elements) = member.1, let first = elements.first {
                for nested in variants(of: first) {
                    var replaced = members
                    replaced[index].1 = .array([nested] + elements.dropFirst())
                    result.append(.object(replaced))
                }
            }
        }
        return result
    }

    static func outcome<P: SynapEventPayload>(_ type: P.Type, _ body: [UInt8], foundation: Bool) -> Result<P, EventDecodingError> {
        let decoder = SynapEventDecoder()
        do throws(EventDecodingError) {
            return .success(foundation ? try decoder.foundationDecode(type, from: body) : try decoder.decode(type, from: body))
        } catch {
            return .failure(error)
        }
    }

    static func check<P: SynapEventPayload>(_ type: P.Type, kind: EventKind) -> (checked: Int, disagreements: [String]) {
        let sample = try! JSONValue(parsing: Array(SampleEvents.body(for: kind).utf8))
        var disagreements: [String] = []
        let bodies = [sample] + variants(of: sample)
        for variant in bodies {
            let body = Array(variant.serialized().utf8)
            let ours = outcome(type, body, foundation: false)
            let theirs = outcome(type, body, foundation: true)
            if ours != theirs && disagreements.count < 5 {
                disagreements.append("\(variant.serialized().prefix(160)): ours \(ours), Foundation \(theirs)")
            }
        }
        return (bodies.count, disagreements)
    }

    @Test(arguments: EventKind.allCases)
    func bothDecodersAgree(kind: EventKind) {
        let (checked, disagreements): (Int, [String])
        switch kind {
        case .attemptStarted: (checked, disagreements) = Self.check(AttemptStarted.self, kind: kind)
        case .attemptSubmitted: (checked, disagreements) = Self.check(AttemptSubmitted.self, kind: kind)
        case .attemptCompleted: (checked, disagreements) = Self.check(AttemptCompleted.self, kind: kind)
        case .attemptOverrideCreated: (checked, disagreements) = Self.check(AttemptOverrideCreated.self, kind: kind)
        case .examStarted: (checked, disagreements) = Self.check(ExamStarted.self, kind: kind)
        case .examSubmitted: (checked, disagreements) = Self.check(ExamSubmitted.self, kind: kind)
        case .examCompleted: (checked, disagreements) = Self.check(ExamCompleted.self, kind: kind)
        case .examResultsReleased: (checked, disagreements) = Self.check(ExamResultsReleased.self, kind: kind)
        case .userRegistered: (checked, disagreements) = Self.check(UserRegistered.self, kind: kind)
        case .userUpdated: (checked, disagreements) = Self.check(UserUpdated.self, kind: kind)
        case .userAddedToGroup: (checked, disagreements) = Self.check(UserAddedToGroup.self, kind: kind)
        case .userRegisteredForExam: (checked, disagreements) = Self.check(UserRegisteredForExam.self, kind: kind)
        case .assignmentCompleted: (checked, disagreements) = Self.check(AssignmentCompleted.self, kind: kind)
        case .flagPlanted: (checked, disagreements) = Self.check(FlagPlanted.self, kind: kind)
        case .storePurchase: (checked, disagreements) = Self.check(StorePurchase.self, kind: kind)
        case .learningRecordCreated: (checked, disagreements) = Self.check(LearningRecordCreated.self, kind: kind)
        }
        #expect(checked > 50)
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }
}
