import Delivery
import SystemIO

/// A delivery recovered after a restart (`isRedelivery`) may have been written before the
/// crash without its outcome being recorded. It can only have landed at the end of what the
/// previous run wrote: the end of the path's file as this process first found it, or, when
/// that run rotated the file just after writing it, the end of the newest rotated file. Both
/// windows are read once per path, at the first such delivery, and their ids kept.
///
/// Lines this process writes later do not push those windows out (the window ends where the
/// file ended when this process first looked), and rotations by this process are followed.
/// Only complete lines count: a torn last line is an event that was not written.
extension FileSinkHandler {
    /// What a path held when this process first looked at it.
    struct FirstLook {
        /// The file's size then.
        var size: Int
        /// Where that file is now: the path, or the name this process rotated it to.
        var location: String
    }

    /// Remembers how `path` looks before this process writes to it.
    func noteFirstLook(at path: String, in state: inout State) {
        guard state.firstLooks[path] == nil else { return }
        state.firstLooks[path] = FirstLook(size: FileSystem.size(of: path) ?? 0, location: path)
    }

    /// Follows the first rotation of the file as it was first seen.
    func noteRotation(of path: String, to target: String, size: Int, in state: inout State) {
        if var look = state.firstLooks[path] {
            guard look.location == path else { return }
            look.location = target
            state.firstLooks[path] = look
        } else {
            state.firstLooks[path] = FirstLook(size: size, location: target)
        }
    }

    /// The ids a recovered delivery to `path` may already have left there.
    func knownIDs(at path: String, in state: inout State) -> Set<UInt64> {
        if let known = state.knownIDs[path] { return known }
        noteFirstLook(at: path, in: &state)
        let look = state.firstLooks[path]!
        var ids = Self.ids(in: look.location, endingAt: look.size, maxBytes: options.redeliveryScanBytes)
        // The newest file the previous run rotated: older than any this process rotated.
        let rotatedHere = look.location == path ? nil : look.location
        if let previous = RotatedFileName.newestSibling(of: path, olderThan: rotatedHere) {
            let size = FileSystem.size(of: previous) ?? 0
            ids.formUnion(Self.ids(in: previous, endingAt: size, maxBytes: options.redeliveryScanBytes))
        }
        state.knownIDs[path] = ids
        return ids
    }

    /// The ids of the complete lines in the `maxBytes` of `path` before offset `end`.
    static func ids(in path: String, endingAt end: Int, maxBytes: Int) -> Set<UInt64> {
        guard end > 0 else { return [] }
        // One byte before the window tells whether it starts at a line's start.
        let start = max(0, end - maxBytes - 1)
        let window = FileSystem.readRange(path, offset: start, count: end - start)
        let prefix = Array(#"{"id":""#.utf8)
        var ids = Set<UInt64>()
        var lines = window.split(separator: 0x0A, omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a torn line
        if start > 0 && !lines.isEmpty { lines.removeFirst() }  // the rest of a line before the window
        for line in lines where line.count >= prefix.count + 17 && line.starts(with: prefix) {
            let digits = line.dropFirst(prefix.count).prefix(16)
            guard line[digits.endIndex] == UInt8(ascii: "\""),
                let id = UInt64(String(decoding: digits, as: UTF8.self), radix: 16)
            else { continue }
            ids.insert(id)
        }
        return ids
    }
}
