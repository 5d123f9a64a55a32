import SystemIO

/// The names a file sink gives the files it moves aside: `<path>.<UTC time>`, e.g.
/// `events.jsonl.20261123T113839.135Z`, with `.N` added when two rotations fall in one
/// millisecond. They sort by time, so the newest rotated file of a path can be found again.
enum RotatedFileName {
    /// `20261123T113839.135Z`: ISO 8601 without `-` and `:` (both awkward in file names).
    static func stamp(milliseconds: Int64) -> String {
        WallClock.iso8601(milliseconds: milliseconds).filter { $0 != ":" && $0 != "-" }
    }

    /// A name for moving `path` aside at `milliseconds` that no existing file has.
    static func unusedName(for path: String, milliseconds: Int64) -> String {
        let base = path + "." + stamp(milliseconds: milliseconds)
        var target = base
        var sequence = 1
        while FileSystem.exists(target) {
            target = base + "." + String(sequence)
            sequence += 1
        }
        return target
    }

    /// The path a rotated file was moved away from (`events.jsonl` for
    /// `events.jsonl.20261123T113839.135Z.2`); nil when `rotated` is not a rotated name.
    static func original(of rotated: String) -> String? {
        let name = fileName(of: rotated)
        let bytes = Array(name.utf8)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        // The `.<stamp>` (21 bytes) ends the name, or comes just before a `.N`.
        var ends = [bytes.count]
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot < bytes.count - 1, bytes[(dot + 1)...].allSatisfy(isDigit) {
            ends.append(dot)
        }
        for end in ends where end > 21 {
            let base = String(decoding: bytes[..<(end - 21)], as: UTF8.self)
            if order(of: name, base: base) != nil { return String(rotated.dropLast(name.count)) + base }
        }
        return nil
    }

    /// The existing rotated files of `path`, oldest first.
    static func siblings(of path: String) -> [String] {
        let directory = FileSystem.parent(of: path)
        let base = fileName(of: path)
        let names = (try? FileSystem.contents(of: directory)) ?? []
        let rotated = names.compactMap { name in order(of: name, base: base).map { (name, $0) } }
        let prefix = !path.contains("/") ? "" : directory == "/" ? "/" : directory + "/"
        return rotated.sorted { $0.1 < $1.1 }.map { prefix + $0.0 }
    }

    /// The newest rotated file of `path` that is older than `limit` (another rotated file of
    /// `path`), or the newest of all when `limit` is nil.
    static func newestSibling(of path: String, olderThan limit: String?) -> String? {
        let base = fileName(of: path)
        let all = siblings(of: path)
        guard let limit, let bound = order(of: fileName(of: limit), base: base) else { return all.last }
        return all.last { order(of: fileName(of: $0), base: base).map { $0 < bound } ?? false }
    }

    /// The last component of a path.
    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Where `name` sorts among the rotated files of `base`; nil when it is not one.
    static func order(of name: String, base: String) -> Order? {
        guard name.hasPrefix(base + ".") else { return nil }
        let rest = Array(name.utf8.dropFirst(base.utf8.count + 1))
        // yyyyMMdd'T'HHmmss.SSS'Z' is 20 bytes.
        guard rest.count >= 20, rest[8] == UInt8(ascii: "T"), rest[15] == UInt8(ascii: "."), rest[19] == UInt8(ascii: "Z") else {
            return nil
        }
        let digits = [0..<8, 9..<15, 16..<19].flatMap { Array(rest[$0]) }
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        let stamp = String(decoding: rest[0..<20], as: UTF8.self)
        if rest.count == 20 { return Order(stamp: stamp, sequence: 0) }
        guard rest[20] == UInt8(ascii: "."), let sequence = Int(String(decoding: rest[21...], as: UTF8.self)), sequence > 0 else { return nil }
        return Order(stamp: stamp, sequence: sequence)
    }

    /// A rotated file's place in time: its stamp, then its `.N`.
    struct Order: Comparable {
        let stamp: String
        let sequence: Int

        static func < (lhs: Order, rhs: Order) -> Bool {
            (lhs.stamp, lhs.sequence) < (rhs.stamp, rhs.sequence)
        }
    }
}
