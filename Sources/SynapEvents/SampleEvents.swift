/// Realistic example payloads, one per event kind, with every documented field filled.
///
/// They live in the module (not in test resources) because the CLI's `send` command posts them to a
/// running receiver. Values are invented but plausible: Synap-style ids, ISO-8601 UTC timestamps
/// with milliseconds, the user "Ada Lovelace" <ada@example.edu>. For kinds whose pages are [CUT]
/// (attempt.submitted, Exam Results Released, learningRecord.created) the sample follows the
/// retrieved part and the inference noted in synap-events.md.
public enum SampleEvents {
    /// The sample body of `kind`, as UTF-8 JSON text.
    public static func body(for kind: EventKind) -> String {
        switch kind {
        case .attemptStarted: attemptStarted
        case .attemptSubmitted: attemptSubmitted
        case .attemptCompleted: attemptCompleted
        case .attemptOverrideCreated: attemptOverrideCreated
        case .examStarted: examStarted
        case .examSubmitted: examSubmitted
        case .examCompleted: examCompleted
        case .examResultsReleased: examResultsReleased
        case .userRegistered: userRegistered
        case .userUpdated: userUpdated
        case .userAddedToGroup: userAddedToGroup
        case .userRegisteredForExam: userRegisteredForExam
        case .assignmentCompleted: assignmentCompleted
        case .flagPlanted: flagPlanted
        case .storePurchase: storePurchase
        case .learningRecordCreated: learningRecordCreated
        }
    }

    /// A valid attempt.completed body of about `targetBytes` bytes (within one
    /// `responseQuestionMap` entry, about 40 bytes), for benchmarks. Size comes from a long
    /// `responseQuestionMap`, as in a long test; counts and scores are kept consistent with it.
    /// Bodies are never smaller than the sample with one question (about 1.6 KB).
    public static func largeAttemptCompleted(targetBytes: Int) -> String {
        let base = attemptCompleted(questionCount: 0).utf8.count
        let perEntry = responseQuestionMapEntry(0).utf8.count + 1  // the entry and its comma
        let count = max(1, (targetBytes - base + perEntry - 1) / perEntry)
        // Scores and counts change length with `count`; settle on the count that lands closest.
        var best = attemptCompleted(questionCount: count)
        for candidate in [count - 1, count + 1] where candidate >= 1 {
            let body = attemptCompleted(questionCount: candidate)
            if abs(body.utf8.count - targetBytes) < abs(best.utf8.count - targetBytes) { best = body }
        }
        return best
    }

    /// A deterministic Synap-style id (10 alphanumerics) for entry `index` of a series `salt`.
    static func sampleId(_ index: Int, salt: UInt64) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var state = UInt64(truncatingIfNeeded: index) &* 6_364_136_223_846_793_005 &+ salt
        var id = ""
        for _ in 0..<10 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            id.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
        }
        return id
    }

    /// One `responseQuestionMap` entry: `["<responseId>", "<questionId>"]`, indented for the sample.
    static func responseQuestionMapEntry(_ index: Int) -> String {
        "\n        [\"\(sampleId(index, salt: 0x5EED_0001))\", \"\(sampleId(index, salt: 0x5EED_0002))\"]"
    }

    /// `count` entries joined by commas, ready to splice between `[` and `]`.
    static func responseQuestionMap(count: Int) -> String {
        (0..<count).map(responseQuestionMapEntry).joined(separator: ",")
    }
}
