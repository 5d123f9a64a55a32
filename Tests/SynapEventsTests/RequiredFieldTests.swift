import SynapEvents
import Testing

/// Removes, then nulls, every member of every sample, one at a time: required members must be
/// reported at the right path, optional ones must not matter.
@Suite("Required and optional fields")
struct RequiredFieldTests {
    @Test("removing a member fails exactly when it is required", arguments: EventKind.allCases)
    func removal(kind: EventKind) throws {
        let body = SampleEvents.body(for: kind)
        let required = RequiredFields.paths(for: kind)
        for path in TestSupport.paths(try TestSupport.tree(body)).sorted() {
            let error = TestSupport.error(kind, try TestSupport.removing(path, from: body))
            if let expectedPath = required[path] {
                #expect(error?.fieldPath == expectedPath, "removing \(path)")
                #expect(
                    error?.reason.hasPrefix("missing required field") == true,
                    "removing \(path): \(String(describing: error))")
            } else {
                #expect(error == nil, "removing optional \(path): \(String(describing: error))")
            }
        }
    }

    @Test("null is accepted exactly where a member is optional", arguments: EventKind.allCases)
    func nulls(kind: EventKind) throws {
        let body = SampleEvents.body(for: kind)
        let required = RequiredFields.paths(for: kind)
        for path in TestSupport.paths(try TestSupport.tree(body)).sorted() {
            let error = TestSupport.error(kind, try TestSupport.setting(path, to: .null, in: body))
            if let expectedPath = required[path] {
                #expect(error?.fieldPath == expectedPath, "nulling \(path)")
            } else {
                #expect(error == nil, "nulling optional \(path): \(String(describing: error))")
            }
        }
    }

    @Test("a body of only the required members decodes", arguments: EventKind.allCases)
    func minimal(kind: EventKind) throws {
        let body = SampleEvents.body(for: kind)
        let keep = Set(RequiredFields.paths(for: kind).keys)
        var minimal = body
        // Remove every member that is neither required nor an ancestor of a required member.
        for path in TestSupport.paths(try TestSupport.tree(body)).sorted(by: { $0.count > $1.count })
        where !keep.contains(path) && !keep.contains(where: { $0.hasPrefix(path + ".") }) {
            minimal = try TestSupport.removing(path, from: minimal)
        }
        let event = try TestSupport.decode(kind, minimal)
        let summary = event.summary
        #expect(summary.kind == kind)
        #expect(summary.occurredAt == nil)
        #expect(summary.scoreFrac == nil)
        switch kind {
        case .attemptStarted, .attemptCompleted:
            #expect(summary.attemptId == "kP4s9WcR2tX")
            #expect(summary.testTitle == ExpectedSummaries.practiceTest)
            #expect(summary.userEmail == "ada@example.edu")
            #expect(summary.userName == nil)
        case .examStarted, .examSubmitted, .examCompleted, .examResultsReleased:
            #expect(summary.examName == ExpectedSummaries.examName)
            #expect(summary.attemptId == "Xa7Tq2LmN9p")
            #expect(summary.score == nil)
        case .attemptOverrideCreated:
            #expect(summary.userId == "7dNGUkKit2O")
            #expect(summary.score == nil)
        case .userRegistered, .userUpdated:
            #expect(summary.userId == "7dNGUkKit2O")
            #expect(summary.userName == nil)
        default:
            #expect(summary.userEmail == "ada@example.edu")
        }
    }
}
