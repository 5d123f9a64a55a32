extension HTTPResponse {
    /// The whole response as one buffer, so it goes out in a single send: writing head and
    /// body separately meets Nagle and delayed ACK on keep-alive connections.
    func serialized(version: HTTPVersion, keepAlive: Bool, date: String, omitBody: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + body.count)
        func line(_ text: String) {
            out.append(contentsOf: text.utf8)
            out.append(0x0D)
            out.append(0x0A)
        }
        line("HTTP/1.1 \(status.code) \(status.reason)")
        line("Date: \(date)")
        for field in headers { line("\(field.name): \(field.value)") }
        line("Content-Length: \(body.count)")
        if !keepAlive {
            line("Connection: close")
        } else if version == .http10 {
            line("Connection: keep-alive")
        }
        out.append(0x0D)
        out.append(0x0A)
        if !omitBody { out.append(contentsOf: body) }
        return out
    }

    /// The interim response that tells a client waiting on `Expect: 100-continue` to send its body.
    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
