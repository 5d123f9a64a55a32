import Foundation

/// Every file and directory under a data directory, for tests that look at all of it: every
/// byte (no learner's redacted or erased value may be left anywhere) and every mode.
struct DataDirectoryScan {
    struct Entry {
        let path: String
        let isDirectory: Bool
        let mode: Int
    }

    let root: String
    let entries: [Entry]

    init(_ root: String) {
        self.root = root
        var found: [Entry] = []
        let manager = FileManager.default
        for relative in (manager.subpaths(atPath: root) ?? []).sorted() {
            let path = root + "/" + relative
            guard let attributes = try? manager.attributesOfItem(atPath: path) else { continue }
            let type = attributes[.type] as? FileAttributeType
            found.append(Entry(path: path, isDirectory: type == .typeDirectory, mode: (attributes[.posixPermissions] as? Int) ?? -1))
        }
        entries = found
    }

    var files: [String] { entries.filter { !$0.isDirectory }.map(\.path) }

    /// The files whose bytes hold `text`, compared without regard to ASCII case.
    func files(containing text: String) -> [String] {
        let needle = Array(text.lowercased().utf8)
        return files.filter { path in
            guard let data = FileManager.default.contents(atPath: path) else { return false }
            let haystack = data.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            return Self.index(of: needle, in: haystack) != nil
        }
    }

    static func index(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var position = 0
        while let start = haystack[position...].firstIndex(of: first), start + needle.count <= haystack.count {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
            position = start + 1
        }
        return nil
    }

    /// Entries whose mode is not 0600 (files) or 0700 (directories), as `path 0NNN` lines.
    var loosePermissions: [String] {
        entries.filter { $0.mode != ($0.isDirectory ? 0o700 : 0o600) }.map { "\($0.path) 0" + String($0.mode, radix: 8) }
    }
}
