import Foundation
import JSONSyntax
import Testing
@testable import SynapEvents

/// The three ways of reading a payload must agree, on every sample and fixture and on thousands
/// of mutations of them:
/// - `SynapEventDecoder` (the models' readers, `init(reading:)`) and Foundation's `JSONDecoder`
///   over the models' `init(from:)`: the same model, or the same error (field path and reason);
/// - the readers and `init(from:)` through `JSONValueDecoder`: the same model, or the same error,
///   also where JSONDecoder cannot judge (repeated keys, numbers out of `Double`'s range).
///
/// Serialized: thousands of decodes per kind keep a thread busy; run side by side they held both
/// of the cooperative pool's threads and starved timing-sensitive tests elsewhere.
@Suite(.serialized) struct DecoderDifferentialTests {
    typealias Members = [(String, JSONValue)]

    /// Ways to edit one container of a document; each edit gives one variant. An object's edit
    /// also gets the name the object is found under (see `variants(of:named:_:)`).
    struct Mutation: Sendable {
        var object: @Sendable (_ name: String, _ members: Members) -> [Members] = { _, _ in [] }
        var array: @Sendable (_ elements: [JSONValue]) -> [[JSONValue]] = { _ in [] }
    }

    /// Every document made by one edit of one container of `value`: the root, any member, and
    /// the first element of any array, at any depth (open maps included). `name` is the member
    /// name `value` is found under: "" for the root, an array's name for its elements.
    static func variants(of value: JSONValue, named name: String = "", _ mutation: Mutation) -> [JSONValue] {
        switch value {
        case .object(let members):
            var result = mutation.object(name, members).map(JSONValue.object)
            for (index, member) in members.enumerated() {
                for nested in variants(of: member.1, named: member.0, mutation) {
                    var replaced = members
                    replaced[index].1 = nested
                    result.append(.object(replaced))
                }
            }
            return result
        case .array(let elements):
            var result = mutation.array(elements).map(JSONValue.array)
            if let first = elements.first {
                for nested in variants(of: first, named: name, mutation) {
                    result.append(.array([nested] + elements.dropFirst()))
                }
            }
            return result
        default:
            return []
        }
    }

    /// Values put in place of members and elements: one of each JSON type.
    static let replacements: [JSONValue] = [.null, .bool(true), .string("x"), .number("1.5"), .object([]), .array([])]

    /// Literals put in place of numbers, which `Double(literal)` must read as JSONDecoder does.
    /// (The models have no integer fields, so no literal is refused for being fractional.)
    static let numberLiterals = ["-0", "1.0", "1E2", "-2.5e-3", "123456789012345678901234567890"]

    /// Literals out of `Double`'s range: `JSONValue` keeps them and `Double(literal)` reads an
    /// infinity or zero, while JSONDecoder refuses the whole body as not JSON.
    static let outOfRangeLiterals = ["1e400", "-1e400", "1e-400"]

    /// `members` with the number at `index` replaced by each of `literals`; none if it is not a number.
    static func replacingNumber(at index: Int, in members: Members, with literals: [String]) -> [Members] {
        guard case .number = members[index].1 else { return [] }
        return literals.map { literal in
            var replaced = members
            replaced[index].1 = .number(literal)
            return replaced
        }
    }

    /// A value of another JSON type than `value`, so that reading it as `value`'s field fails.
    static func mismatching(_ value: JSONValue) -> JSONValue {
        if case .bool = value { return .string("x") }
        return .bool(true)
    }

    /// Compared three ways: each member removed or replaced by each JSON type, and each number
    /// by other literals.
    static let threeWayMutation = Mutation(object: { _, members in
        members.indices.flatMap { index in
            var removed = members
            removed.remove(at: index)
            let replaced = replacements.map { replacement in
                var replaced = members
                replaced[index].1 = replacement
                return replaced
            }
            return [removed] + replaced + replacingNumber(at: index, in: members, with: numberLiterals)
        }
    })

    /// Compared between our two paths only, as JSONDecoder's error path is slow (it agreed on all
    /// of these but the out-of-range numbers, which it refuses as not JSON, when they were added):
    /// - repeated keys: the first member wins, so a wrong value before a member is read and one
    ///   after it is ignored;
    /// - fields a document leaves out, and alternative spellings (`objectId` for `id`): the keys
    ///   that objects of the same name have elsewhere, added with values of two types;
    /// - numbers out of `Double`'s range;
    /// - each array's first element replaced by each JSON type, and an element of each type appended.
    static let twoPathMutation = Mutation(
        object: { name, members in
            var result: [Members] = []
            for (index, member) in members.enumerated() {
                var before = members
                before.insert((member.0, mismatching(member.1)), at: index)
                var after = members
                after.insert((member.0, mismatching(member.1)), at: index + 1)
                result += [before, after] + replacingNumber(at: index, in: members, with: outOfRangeLiterals)
            }
            let present = Set(members.map(\.0))
            for key in (keysByContainerName[name] ?? []).subtracting(present).sorted() {
                result.append(members + [(key, .bool(true))])
                result.append(members + [(key, .string("x"))])
            }
            return result
        },
        array: { elements in
            replacements.flatMap { replacement in
                (elements.isEmpty ? [] : [[replacement] + elements.dropFirst()]) + [elements + [replacement]]
            }
        })

    /// The fixtures of each kind, besides its sample.
    static let fixtures: [EventKind: [String]] = [
        .attemptCompleted: ["attempt-completed.exam-attempt.json"],
        .attemptOverrideCreated: ["attempt-override.revert.json"],
        .examCompleted: ["exam-completed.usergroup-under-exam.json"],
        .flagPlanted: ["flag-planted.ids-named-id.json"],
        .userRegisteredForExam: ["user-registered-for-exam.usergroup-under-exam.json"],
        .userRegistered: ["user-registered.minimal.json"],
    ]

    /// The text of every sample and fixture of `kind`.
    static func documents(of kind: EventKind) throws -> [String] {
        try [SampleEvents.body(for: kind)] + (fixtures[kind] ?? []).map { try TestSupport.fixture($0) }
    }

    /// For each name an object is found under, the keys such objects have in any sample or
    /// fixture: the fields its model reads, near enough.
    static let keysByContainerName = EventKind.allCases.reduce(into: [String: Set<String>]()) { table, kind in
        for text in try! documents(of: kind) {
            collectKeys(of: try! JSONValue(parsing: Array(text.utf8)), named: "", into: &table)
        }
    }

    /// Adds the member names of every object in `value` to `table`, under the name the object is
    /// found under ("" for roots, an array's name for its elements).
    static func collectKeys(of value: JSONValue, named name: String, into table: inout [String: Set<String>]) {
        switch value {
        case .object(let members):
            table[name, default: []].formUnion(members.map(\.0))
            for (key, member) in members { collectKeys(of: member, named: key, into: &table) }
        case .array(let elements):
            for element in elements { collectKeys(of: element, named: name, into: &table) }
        default:
            break
        }
    }

    /// Our decoder's result for a parsed body.
    static func ours<P: SynapEventPayload>(_ type: P.Type, _ value: JSONValue) -> Result<P, EventDecodingError> {
        Result { () throws(EventDecodingError) in try SynapEventDecoder().decode(type, from: value) }
    }

    /// Foundation's `JSONDecoder` over the model's `init(from:)`, its errors worded by the same
    /// converter as `JSONValueDecoder`'s (which looks the found type up in `value`, the same body parsed).
    static func foundation<P: SynapEventPayload>(
        _ type: P.Type, _ body: [UInt8], _ value: JSONValue
    ) -> Result<P, EventDecodingError> {
        do {
            return .success(try JSONDecoder().decode(type, from: Data(body)))
        } catch let error as DecodingError {
            return .failure(EventDecodingError(error, in: value))
        } catch {
            return .failure(EventDecodingError(fieldPath: "", reason: String(describing: error)))
        }
    }

    /// The model's `init(from:)` through `JSONValueDecoder`.
    static func codable<P: SynapEventPayload>(_ type: P.Type, _ value: JSONValue) -> Result<P, EventDecodingError> {
        do {
            return .success(try JSONValueDecoder.decode(type, from: value))
        } catch let error as DecodingError {
            return .failure(EventDecodingError(error, in: value))
        } catch {
            return .failure(EventDecodingError(fieldPath: "", reason: String(describing: error)))
        }
    }

    /// How `SynapEventDecoder` and JSONDecoder disagree on `value`; nil when they agree.
    static func foundationDisagreement<P: SynapEventPayload>(
        _ type: P.Type, _ value: JSONValue, _ body: [UInt8]
    ) -> String? {
        let ours = ours(type, value)
        let theirs = foundation(type, body, value)
        return ours == theirs ? nil : "ours \(ours), Foundation \(theirs)"
    }

    /// How the reader and `init(from:)` through `JSONValueDecoder` disagree on `value`; nil when they agree.
    static func pathDisagreement<P: SynapEventPayload>(_ type: P.Type, _ value: JSONValue) -> String? {
        let ours = ours(type, value)
        let codable = codable(type, value)
        return ours == codable ? nil : "reader \(ours), Codable \(codable)"
    }

    /// Bodies checked one way, and the first few disagreements.
    struct Report {
        var checked = 0
        var disagreements: [String] = []

        mutating func record(_ body: @autoclosure () -> [UInt8], _ disagreement: String?) {
            checked += 1
            if let disagreement, disagreements.count < 5 {
                disagreements.append("\(String(decoding: body().prefix(160), as: UTF8.self)): \(disagreement)")
            }
        }
    }

    static func check<P: SynapEventPayload & JSONValueReadable>(
        _ type: P.Type, kind: EventKind
    ) throws -> (foundation: Report, paths: Report) {
        var foundation = Report()
        var paths = Report()
        for text in try documents(of: kind) {
            let document = try JSONValue(parsing: Array(text.utf8))
            for variant in [document] + variants(of: document, threeWayMutation) {
                let body = Array(variant.serialized().utf8)
                // Decoded from the body's own parse, as the receiver does, not from `variant`.
                let parsed = try JSONValue(parsing: body)
                foundation.record(body, foundationDisagreement(type, parsed, body))
                paths.record(body, pathDisagreement(type, parsed))
            }
            for variant in variants(of: document, twoPathMutation) {
                paths.record(Array(variant.serialized().utf8), pathDisagreement(type, variant))
            }
        }
        return (foundation, paths)
    }

    @Test(arguments: EventKind.allCases)
    func decodersAgree(kind: EventKind) throws {
        let foundation: Report, paths: Report
        switch kind {
        case .attemptStarted: (foundation, paths) = try Self.check(AttemptStarted.self, kind: kind)
        case .attemptSubmitted: (foundation, paths) = try Self.check(AttemptSubmitted.self, kind: kind)
        case .attemptCompleted: (foundation, paths) = try Self.check(AttemptCompleted.self, kind: kind)
        case .attemptOverrideCreated: (foundation, paths) = try Self.check(AttemptOverrideCreated.self, kind: kind)
        case .examStarted: (foundation, paths) = try Self.check(ExamStarted.self, kind: kind)
        case .examSubmitted: (foundation, paths) = try Self.check(ExamSubmitted.self, kind: kind)
        case .examCompleted: (foundation, paths) = try Self.check(ExamCompleted.self, kind: kind)
        case .examResultsReleased: (foundation, paths) = try Self.check(ExamResultsReleased.self, kind: kind)
        case .userRegistered: (foundation, paths) = try Self.check(UserRegistered.self, kind: kind)
        case .userUpdated: (foundation, paths) = try Self.check(UserUpdated.self, kind: kind)
        case .userAddedToGroup: (foundation, paths) = try Self.check(UserAddedToGroup.self, kind: kind)
        case .userRegisteredForExam: (foundation, paths) = try Self.check(UserRegisteredForExam.self, kind: kind)
        case .assignmentCompleted: (foundation, paths) = try Self.check(AssignmentCompleted.self, kind: kind)
        case .flagPlanted: (foundation, paths) = try Self.check(FlagPlanted.self, kind: kind)
        case .storePurchase: (foundation, paths) = try Self.check(StorePurchase.self, kind: kind)
        case .learningRecordCreated: (foundation, paths) = try Self.check(LearningRecordCreated.self, kind: kind)
        }
        #expect(foundation.checked > 50)
        #expect(foundation.disagreements.isEmpty, "\(foundation.disagreements.joined(separator: "\n"))")
        #expect(paths.checked > foundation.checked)
        #expect(paths.disagreements.isEmpty, "\(paths.disagreements.joined(separator: "\n"))")
    }
}
