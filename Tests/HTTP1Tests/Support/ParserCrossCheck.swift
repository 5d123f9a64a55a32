// The parser's oracle, shared by the regression tests (compiled in HTTP1Tests) and the
// libFuzzer target (compiled by scripts/fuzz-parser into one module with the parser sources,
// with -D FUZZING, where there is no HTTP1 module to import).
#if !FUZZING
@testable import HTTP1
#endif

/// Feeds one input to `HTTPRequestParser` in several ways (whole, cut at points derived from
/// the input, byte by byte) under two sets of limits, and reports every broken invariant:
///
/// - events alternate head, request; each request carries the head announced before it;
/// - a head's path is normalised (starts with `/`, no empty, `.` or `..` segments) or is `*`;
/// - limits hold: header count, declared and actual body size; a body has its declared length;
/// - an error maps to one of the statuses the parser may produce, and is sticky;
/// - how the bytes are cut changes nothing: the same heads and bodies come out, and the input
///   fails or not alike (the status may differ: a cut can reveal a size limit before a syntax
///   error further on).
enum ParserCrossCheck {
    enum Event: Equatable {
        case head(HTTPRequestHead)
        case request(HTTPRequestHead, [UInt8])
    }

    struct Trace: Equatable {
        var events: [Event] = []
        var failed = false
    }

    static let smallLimits = HTTPLimits(maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 4, maxBodyBytes: 16)
    static let statuses: Set<Int> = [400, 411, 413, 414, 417, 431, 501, 505]

    /// Every broken invariant, described; empty when the parser behaved.
    static func violations(for input: [UInt8], byteByByteLimit: Int = Int.max) -> [String] {
        var problems: [String] = []
        let hash = fnv1a(input)
        let first = input.isEmpty ? 0 : Int(hash % UInt64(input.count + 1))
        let second = input.isEmpty ? 0 : Int((hash >> 32) % UInt64(input.count + 1))
        for (name, limits) in [("default limits", HTTPLimits()), ("small limits", smallLimits)] {
            let whole = trace(input, cuts: [], limits: limits, problems: &problems)
            var alternatives: [(String, [Int])] = [("cut at \(first)", [first]), ("cut at \(first), \(second)", [first, second].sorted())]
            if input.count <= byteByByteLimit, input.count > 1 {
                alternatives.append(("byte by byte", Array(1..<input.count)))
            }
            for (how, cuts) in alternatives {
                let other = trace(input, cuts: cuts, limits: limits, problems: &problems)
                if other != whole {
                    problems.append(
                        "\(name), \(how): \(describe(other)) but whole: \(describe(whole))")
                }
            }
        }
        return problems
    }

    /// Feeds `input` cut at `cuts` (ascending offsets) and checks each event as it comes.
    static func trace(_ input: [UInt8], cuts: [Int], limits: HTTPLimits, problems: inout [String]) -> Trace {
        var parser = HTTPRequestParser(limits: limits)
        var result = Trace()
        var announced: HTTPRequestHead?
        var start = 0
        for end in cuts + [input.count] where end >= start {
            parser.append(Array(input[start..<end]))
            start = end
            while true {
                let event: HTTPRequestParser.Event?
                do throws(HTTPParseError) {
                    event = try parser.next()
                } catch {
                    result.failed = true
                    if !statuses.contains(error.status.code) {
                        problems.append("error with unexpected status \(error)")
                    }
                    do throws(HTTPParseError) {
                        _ = try parser.next()
                        problems.append("error \(error) was not sticky")
                    } catch let again {
                        if again != error { problems.append("error changed from \(error) to \(again)") }
                    }
                    return result
                }
                guard let event else { break }
                switch event {
                case .head(let head):
                    if announced != nil { problems.append("two heads without a request between them") }
                    announced = head
                    check(head, limits: limits, problems: &problems)
                    result.events.append(.head(head))
                case .request(let request):
                    if announced != request.head { problems.append("request without its head announced first") }
                    announced = nil
                    if request.body.count > limits.maxBodyBytes {
                        problems.append("body of \(request.body.count) bytes over the limit \(limits.maxBodyBytes)")
                    }
                    if let length = request.head.contentLength, length != request.body.count {
                        problems.append("Content-Length \(length) but a body of \(request.body.count) bytes")
                    }
                    result.events.append(.request(request.head, request.body))
                }
                if parser.bufferedByteCount < 0 || parser.bufferedByteCount > input.count {
                    problems.append("bufferedByteCount \(parser.bufferedByteCount) out of range")
                }
            }
        }
        return result
    }

    static func check(_ head: HTTPRequestHead, limits: HTTPLimits, problems: inout [String]) {
        if head.path != "*" {
            let segments = head.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            if !head.path.hasPrefix("/") || (head.path != "/" && segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }) {
                problems.append("path not normalised: \(head.path.debugDescription)")
            }
        } else if head.method != "OPTIONS" {
            problems.append("asterisk-form target for \(head.method)")
        }
        if head.method.isEmpty { problems.append("empty method") }
        if head.headers.count > limits.maxHeaderCount {
            problems.append("\(head.headers.count) header fields over the limit \(limits.maxHeaderCount)")
        }
        if let length = head.contentLength {
            if length < 0 || length > limits.maxBodyBytes { problems.append("Content-Length \(length) accepted") }
        } else if head.headers["transfer-encoding"] == nil {
            problems.append("no Content-Length and not chunked")
        }
        if head.version == .http11 && head.headers.values("host").count != 1 {
            problems.append("HTTP/1.1 head without exactly one Host")
        }
    }

    static func describe(_ trace: Trace) -> String {
        let events = trace.events.map { event -> String in
            switch event {
            case .head(let head): "head \(head.method) \(head.path)"
            case .request(let head, let body): "request \(head.method) \(head.path) body \(body.count)"
            }
        }
        return "[\(events.joined(separator: ", "))]\(trace.failed ? " then an error" : "")"
    }

    /// FNV-1a, to derive cut points from the input itself (so a crash reproduces from its bytes).
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}
