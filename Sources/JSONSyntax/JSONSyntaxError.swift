/// Why a byte sequence is not one well-formed JSON text (RFC 8259), and where.
///
/// Positions point at the offending byte; for ill-formed UTF-8, at the first byte of the sequence. An error
/// caused by running out of input points one past the last byte (`offset == count`), except an unterminated
/// string, which points at its opening quote.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the offending byte, 0-based.
    public let offset: Int
    /// Line of the offending byte, 1-based; only LF (0x0A) starts a new line.
    public let line: Int
    /// Column of the offending byte, 1-based, counted in bytes.
    public let column: Int
    /// What is wrong, e.g. `"unexpected '}', expected a value"` or `"nesting deeper than 512"`.
    public let reason: String

    /// Creates an error from its parts; mostly useful in tests of code that maps these errors.
    public init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// Locates `offset` in `bytes` (line and column) and describes `problem`.
    init(offset: Int, problem: JSONSyntaxProblem, in bytes: UnsafeRawBufferPointer) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        self.init(offset: offset, line: line, column: offset - lineStart + 1, reason: problem.reason)
    }

    /// `"invalid JSON at line 1, column 12 (byte 11): unexpected '}', expected a value"`.
    public var description: String {
        "invalid JSON at line \(line), column \(column) (byte \(offset)): \(reason)"
    }
}
