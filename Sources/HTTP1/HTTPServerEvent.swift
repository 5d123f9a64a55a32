/// Things the server reports to its owner's log.
public enum HTTPServerEvent: String, Sendable {
    /// A client was cut off for being too slow.
    case timeout
    /// A connection was refused because the connection limit was reached.
    case connectionLimit
    /// A request was refused as malformed or over a limit (400, 411, 413, 414, 417, 431, 501, 505).
    case rejected
    /// accept() failed or ran out of descriptors.
    case acceptError
}
