import Checksums
import SystemIO

/// The key the event index hashes search terms with: derived from the data directory's
/// identifier key (`keys/identifier-hash.key`), so the index holds no learner identifier in a
/// form anyone without the key can test a guess against.
enum EventIndexKey {
    static func load(dataDirectory: String) throws(SystemError) -> [UInt8] {
        let identifiers = try KeyedIdentifierHash.loadOrCreate(dataDirectory: dataDirectory)
        return Array(identifiers.digest("synap-webhooks event index").prefix(16))
    }
}
