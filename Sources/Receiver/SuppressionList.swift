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
/// `@`) or an id (the string under a key `objectId`, `id` or `userId`). So a planter, the
/// previous values of `user.updated`, or a body that does not decode (and would go to the
/// quarantine) are suppressed too. A value that already is a listed hash matches too: on a
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

    /// The emails (strings with an `@`) and ids (strings under `objectId`, `id`, `userId`) in
    /// `body`, in document order, distinct, at most `identifierLimit`.
    static func identifiers(in body: JSONValue) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        var stack: [(key: String?, value: JSONValue)] = [(nil, body)]
        while let (key, value) = stack.popLast(), found.count < identifierLimit {
            switch value {
            case .string(let text):
                let isIdentifier = text.utf8.count <= 320
                    && (text.utf8.contains(UInt8(ascii: "@")) || key == "objectId" || key == "id" || key == "userId")
                if isIdentifier && seen.insert(text).inserted { found.append(text) }
            case .array(let items):
                stack += items.reversed().map { (key, $0) }
            case .object(let members):
                stack += members.reversed().map { (Optional($0.0), $0.1) }
            default:
                continue
            }
        }
        return found
    }

    private func contains(candidates: [String]) -> Bool {
        let candidates = candidates.filter { !$0.isEmpty }
        guard !candidates.isEmpty else { return false }
        let keyed = candidates.map(identifiers.hash) + candidates.map(KeyedIdentifierHash.normalized).filter(Self.isKeyedHash)
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
            let (read, warnings) = try Self.read(path)
            hashes.withLock { $0 = read }
            return warnings
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
