/// Reads a file line by line in bounded memory (a chunk, or one line when a line is longer).
public struct LineReader {
    private let file: ReadOnlyFile
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var offset = 0
    private var atEnd = false
    static let chunkBytes = 1 << 16

    public init(path: String) throws(SystemError) {
        file = try ReadOnlyFile(path: path)
    }

    /// The next line without its newline; nil at the end of the file (a last line without a
    /// newline is returned too).
    public mutating func next() throws(SystemError) -> [UInt8]? {
        while true {
            if let newline = buffer[cursor...].firstIndex(of: 0x0A) {
                let line = Array(buffer[cursor..<newline])
                cursor = newline + 1
                return line
            }
            if atEnd {
                guard cursor < buffer.count else { return nil }
                let line = Array(buffer[cursor...])
                cursor = buffer.count
                return line
            }
            if cursor > 0 {
                buffer.removeFirst(cursor)
                cursor = 0
            }
            let read = try file.read(at: offset, count: Self.chunkBytes, appendingTo: &buffer)
            offset += read
            if read == 0 { atEnd = true }
        }
    }
}
