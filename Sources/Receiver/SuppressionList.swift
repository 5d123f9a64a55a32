import Checksums
import JSONSyntax
import SynapEvents
import Synchronization
import SystemIO

/// Learners whose later events are acknowledged but neither stored nor dispatched (an erasure
/// with `suppress`), kept in `dataDir/erasure/suppressed` as keyed hashes of their identifiers,
/// one per line (64 hex digits), never the identifiers themselves. The file is 0600 in a 0700
/// directory; blank lines and lines starting with `#` are ignored.
///
/// An event is suppressed when one of its identifiers, normalised as every keyed hash is
/// (trimmed, lowercased), hashes to a listed value: its learner's email or user id
/// (`EventSummary.userEmail`, `userId`), and anywhere in the body an email (a string with an
/// `@`) or a user id (under `userId`, or under `id` or `objectId` of the body itself, of a
/// `user`, a `planter` or `previousValues`). So a planter, the previous values of
/// `user.updated`, or a body that does not decode (and would go to the quarantine) are
/// suppressed too. Ids of other things (tests, questions, attempts) are not hashed: each
/// candidate costs an HMAC, and with every `id` of a long attempt hashed, a listed learner
/// doubled the CPU of every event. A value that already is a listed hash matches too: on a
/// route that hashes `user.email` at intake, the body carries the very hash the list holds.
///
/// Read at start and on reload; `add` updates memory and the file at once.
public final class SuppressionList: Sendable {
    /// Where a data directory keeps the list.
    public static func path(dataDirectory: String) -> String { dataDirectory + "/erasure/suppressed" }

    public let path: String
    let identifiers: KeyedIdentifierHash
    private let hashes: Mutex<Set<String>>
    /// Lines of the file that are not keyed hashes, found when it was read at start.
    public let warnings: [String]

    /// The list of `dataDirectory` (empty when the file does not exist yet). Throws when the
    /// file exists but cannot be read.
    public init(dataDirectory: String, identifiers: KeyedIdentifierHash) throws(SystemError) {
        path = Self.path(dataDirectory: dataDirectory)
        self.identifiers = identifiers
        let (read, warnings) = try Self.read(path)
        hashes = Mutex(read)
        self.warnings = warnings
    }

    /// How many learners are listed.
    public var count: Int { hashes.withLock { $0.count } }

    /// Whether a listed learner is named by `body`, or by `event` (the body decoded; nil when
    /// it does not decode).
    public func contains(_ event: SynapEvent?, body: JSONValue) -> Bool {
        guard !hashes.withLock({ $0.isEmpty }) else { return false }  // no hashing while nobody is listed
        let summary = event?.summary
        return contains(candidates: [summary?.userEmail, summary?.userId].compactMap { $0 } + Self.identifiers(in: body))
    }

    /// Whether a learner with this email or user id is listed.
    public func contains(email: String?, userId: String?) -> Bool {
        contains(candidates: [email, userId].compactMap { $0 })
    }

    /// At most this many identifiers of one body are hashed: a body of a thousand ids costs
    /// what a body of a hundred does.
    static let identifierLimit = 100

    /// The emails (strings with an `@`) and user ids (see the type's summary) in `body`, in
    /// document order, distinct, at most `identifierLimit`.
    static func identifiers(in body: JSONValue) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        // Each value with the key it sits under and the key of the object holding it ("" for
        // the body itself); an array's items sit under the array's key.
        var stack: [(key: String?, holder: String?, value: JSONValue)] = [(nil, nil, body)]
        while let (key, holder, value) = stack.popLast(), found.count < identifierLimit {
            switch value {
            case .string(let text):
                guard text.utf8.count <= 320, let key else { continue }
                let isUserID = key == "userId" || ((key == "id" || key == "objectId") && holder.map(userHolders.contains) == true)
                if (isUserID || text.utf8.contains(UInt8(ascii: "@"))) && seen.insert(text).inserted { found.append(text) }
            case .array(let items):
                stack += items.reversed().map { (key, holder, $0) }
            case .object(let members):
                let name = key ?? ""
                stack += members.reversed().map { (Optional($0.0), Optional(name), $0.1) }
            default:
                continue
            }
        }
        return found
    }

    /// Objects whose `id` or `objectId` is a learner's ("" is the body itself: `user.registered`).
    static let userHolders: Set<String> = ["", "user", "planter", "previousValues"]

    private func contains(candidates: [String]) -> Bool {
        let normalized = candidates.filter { !$0.isEmpty }.map(KeyedIdentifierHash.normalized)
        guard !normalized.isEmpty else { return false }
        let keyed = normalized.map(identifiers.hash) + normalized.filter(Self.isKeyedHash)
        return hashes.withLock { listed in keyed.contains(where: listed.contains) }
    }

    /// Lists `identifier` (an email or a user id): from now on its events are suppressed.
    /// The file is rewritten atomically (temporary file, fsync, rename, directory fsync)
    /// before this returns. Returns false when it was listed already.
    @discardableResult
    public func add(_ identifier: String) throws(SystemError) -> Bool {
        let hash = identifiers.hash(identifier)
        return try hashes.withLock { (listed: inout Set<String>) throws(SystemError) -> Bool in
            guard !listed.contains(hash) else { return false }
            let directory = FileSystem.parent(of: path)
            try FileSystem.createDirectories(directory, mode: 0o700, sync: true)
            try FileSystem.setMode(directory, 0o700)
            var updated = listed
            updated.insert(hash)
            try FileSystem.writeAtomically(Array(updated.sorted().map { $0 + "\n" }.joined().utf8), to: path, mode: 0o600)
            listed = updated
            return true
        }
    }

    /// Reads the file again (a reload: an operator may have edited it). Keeps the list in
    /// memory when the file cannot be read, and says why.
    public func reload() -> [String] {
        do throws(SystemError) {
            // Read under the lock `add` writes under: a learner added between a read outside it
            // and the swap would be on disk but forgotten in memory until the next reload.
            return try hashes.withLock { (listed: inout Set<String>) throws(SystemError) -> [String] in
                let (read, warnings) = try Self.read(path)
                listed = read
                return warnings
            }
        } catch {
            return ["\(path): \(error); the suppression list in force is kept"]
        }
    }

    static func read(_ path: String) throws(SystemError) -> (hashes: Set<String>, warnings: [String]) {
        guard FileSystem.exists(path) else { return ([], []) }
        var hashes: Set<String> = []
        var warnings: [String] = []
        for (number, raw) in try FileSystem.readFile(path).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = KeyedIdentifierHash.normalized(String(decoding: raw, as: UTF8.self))
            if line.isEmpty || line.hasPrefix("#") { continue }
            if Self.isKeyedHash(line) {
                hashes.insert(line)
            } else {
                // The line itself is not quoted: it may be an identifier written there by hand.
                warnings.append("\(path) line \(number + 1) is not a keyed hash (64 hex digits) and is ignored")
            }
        }
        return (hashes, warnings)
    }

    static func isKeyedHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
