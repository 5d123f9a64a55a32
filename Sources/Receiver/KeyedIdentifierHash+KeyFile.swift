import Checksums
import SystemIO

extension KeyedIdentifierHash {
    /// Where a data directory keeps the key: back it up with the data, or hashes written before
    /// a restore no longer match the learners they were made from.
    static func keyPath(dataDirectory: String) -> String { dataDirectory + "/keys/identifier-hash.key" }

    /// The data directory's identifier hash: its key read from `dataDir/keys/identifier-hash.key`,
    /// or 32 random bytes written there on first use (directory 0700, file 0600, whatever the
    /// umask; an existing key's permissions are tightened to those).
    static func loadOrCreate(dataDirectory: String) throws(SystemError) -> KeyedIdentifierHash {
        let path = keyPath(dataDirectory: dataDirectory)
        let directory = FileSystem.parent(of: path)
        try FileSystem.createDirectories(directory, mode: 0o700)
        try FileSystem.setMode(directory, 0o700)
        if !FileSystem.exists(path) {
            // Atomic (temporary file, fsync, rename): a crash never leaves a short key behind.
            try FileSystem.writeAtomically(SecureRandom.bytes(32), to: path, mode: 0o600)
        }
        try FileSystem.setMode(path, 0o600)
        let key = try FileSystem.readFile(path)
        guard key.count >= minimumKeyBytes else {
            throw SystemError("\(path) holds \(key.count) bytes, fewer than the \(minimumKeyBytes) of a key", errno: 22)  // EINVAL
        }
        return KeyedIdentifierHash(key: key)
    }
}
