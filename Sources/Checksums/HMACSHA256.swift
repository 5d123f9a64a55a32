/// HMAC-SHA256 (RFC 2104, with SHA-256 as in RFC 4231).
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`; a key longer than a block is hashed first.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        var blockKey = key.count > SHA256.blockSize ? SHA256.hash(key) : key
        blockKey += [UInt8](repeating: 0, count: SHA256.blockSize - blockKey.count)

        var inner = SHA256()
        inner.update(blockKey.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()

        var outer = SHA256()
        outer.update(blockKey.map { $0 ^ 0x5C })
        outer.update(innerDigest)
        return outer.finalize()
    }
}
