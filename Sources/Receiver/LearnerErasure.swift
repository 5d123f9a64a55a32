import Checksums
import Delivery
import Dispatch
import Handlers
import JSONSyntax
import Synchronization
import SystemIO

/// Erases a learner from every store: the journal, its state and index (the engine), every file
/// a file sink has written (its registry, under `dataDir/sinks/NAME/`, reaches files of earlier
/// configurations and removed handlers too), and asks exec handlers with an `onErase` command
/// to erase their own copies. What other systems already received cannot be recalled: the
/// result names the handlers that delivered the learner's events.
struct LearnerErasure {
    /// What was found (a dry run) or erased, store by store.
    struct Outcome: Sendable {
        var engine: ErasureReport
        /// Lines about the learner per file sink file.
        var fileLines: [String: Int] = [:]
        /// Each exec handler's `onErase` outcome.
        var onErase: [String: String] = [:]
        var dryRun: Bool
        var suppressed = false

        var fileLineCount: Int { fileLines.values.reduce(0, +) }

        func json() -> String {
            func number(_ value: Int) -> JSONValue { .number(String(value)) }
            return JSONValue.object([
                ("dryRun", .bool(dryRun)),
                ("events", number(engine.events)), ("deadLetters", number(engine.deadLetters)), ("quarantined", number(engine.quarantined)),
                ("unfinishedCancelled", number(engine.unfinishedCancelled)), ("journalSegmentsRewritten", number(engine.segmentsRewritten)),
                ("indexFilesRewritten", number(engine.indexFilesRewritten)),
                ("fileSinkLines", number(fileLineCount)),
                ("fileSinkFiles", .object(fileLines.sorted { $0.key < $1.key }.map { ($0.key, number($0.value)) })),
                ("onErase", .object(onErase.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ("deliveredTo", .object(engine.deliveredBy.sorted { $0.key < $1.key }.map { ($0.key, number($0.value)) })),
                ("suppressed", .bool(suppressed)),
                ("message", .string(sentence)),
            ]).serialized()
        }

        /// One paragraph for the operator.
        var sentence: String {
            let verb = dryRun ? "would erase" : "erased"
            var text = "\(verb) \(engine.events) events (\(engine.deadLetters) dead letters, \(engine.quarantined) quarantined) and \(fileLineCount) file sink lines"
            if !onErase.isEmpty { text += "; onErase: " + onErase.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
            let sent = engine.deliveredBy.keys.sorted()
            if !sent.isEmpty {
                text += ". Already delivered by \(sent.joined(separator: ", ")): what those sent to other systems cannot be recalled from here; ask there"
            }
            if suppressed { text += ". Later events about this learner are acknowledged and dropped (suppressed)" }
            return text
        }
    }

    let engine: DeliveryEngine
    let dataDirectory: String
    /// The live handlers by name (file sinks rewrite their files under their own lock; exec
    /// handlers run `onErase`).
    let handlers: [String: any WebhookHandler]
    /// The data directory's identifier hash: a field a route's `redact` hashed is matched by it.
    let identifiers: KeyedIdentifierHash
    /// Where `suppress` lists the learner.
    let suppression: SuppressionList

    /// With `suppress`, the learner goes on the suppression list first, so an event about them
    /// that arrives while the stores are scanned is dropped at the door, not stored behind the scan.
    func erase(_ identifier: String, dryRun: Bool, suppress: Bool = false) throws -> Outcome {
        let matcher = LearnerMatcher(identifier, identifiers: identifiers)
        let suppressing = suppress && !dryRun
        if suppressing { try suppression.add(identifier) }
        var outcome = Outcome(engine: try engine.erase(matcher, dryRun: dryRun), dryRun: dryRun)
        outcome.suppressed = suppressing
        outcome.fileLines = try eraseFileSinkLines(matcher, dryRun: dryRun)
        if !dryRun {
            outcome.onErase = runOnErase(outcome.engine, identifier: identifier)
        }
        return outcome
    }

    /// Lines of every file any file sink has written whose body is about the learner.
    private func eraseFileSinkLines(_ matcher: LearnerMatcher, dryRun: Bool) throws -> [String: Int] {
        let sinks = dataDirectory + "/sinks"
        var counts: [String: Int] = [:]
        // No sink has written yet; but one that cannot be listed fails the erasure instead of
        // reporting that no line held the learner.
        guard FileSystem.isDirectory(sinks) else { return counts }
        for name in try FileSystem.contents(of: sinks) {
            let running = handlers[name] as? FileSinkHandler
            for path in try FileSinkRegistry.existingFiles(inDirectory: sinks + "/" + name) {
                let about = matcher.matches
                let removed: Int
                if dryRun {
                    var lines = try LineReader(path: path)
                    var found = 0
                    while let line = try lines.next() { if about(line) { found += 1 } }
                    removed = found
                } else if let running {
                    removed = try running.rewrite(path: path) { !about($0) }.removed
                } else {
                    removed = try LineFileRewriter.rewrite(path) { !about($0) }.removed
                }
                if removed > 0 { counts[path, default: 0] += removed }
            }
        }
        return counts
    }

    /// Each exec handler's `onErase`, with the learner's ids and emails: run one after the
    /// other, each within its own timeout.
    private func runOnErase(_ report: ErasureReport, identifier: String) -> [String: String] {
        var emails = report.emails, ids = report.userIDs
        if identifier.contains("@") { emails.insert(identifier) } else { ids.insert(identifier) }
        let results = Mutex<[String: String]>([:])
        for (name, handler) in handlers.sorted(by: { $0.key < $1.key }) {
            guard let exec = handler as? ExecHandler else { continue }
            let group = DispatchGroup()
            group.enter()
            exec.erase(userIDs: Array(ids), emails: Array(emails)) { outcome in
                switch outcome {
                case nil: break
                case .delivered?, .alreadyDelivered?: results.withLock { $0[name] = "done" }
                case .failed(let failure)?: results.withLock { $0[name] = "failed: \(failure.message)" }
                }
                group.leave()
            }
            group.wait()
        }
        return results.withLock { $0 }
    }
}
