@testable import HTTP1

/// Feeds a byte fixture to a fresh parser in the given pieces and collects every event.
enum ParserHarness {
    struct Outcome {
        var heads: [HTTPRequestHead] = []
        var requests: [HTTPRequest] = []
        var error: HTTPParseError?
    }

    static func run(_ text: String, pieces: [Int]? = nil, limits: HTTPLimits = HTTPLimits()) -> Outcome {
        run(Array(text.utf8), pieces: pieces, limits: limits)
    }

    static func run(_ bytes: [UInt8], pieces: [Int]? = nil, limits: HTTPLimits = HTTPLimits()) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var offset = 0
        let sizes = pieces ?? [bytes.count]
        var index = 0
        while offset < bytes.count || index == 0 {
            let size = index < sizes.count ? sizes[index] : sizes.last ?? bytes.count
            let end = min(bytes.count, offset + max(size, 1))
            parser.append(Array(bytes[offset..<end]))
            offset = end
            index += 1
            do {
                while let event = try parser.next() {
                    switch event {
                    case .head(let head): outcome.heads.append(head)
                    case .request(let request): outcome.requests.append(request)
                    }
                }
            } catch {
                outcome.error = error
                return outcome
            }
            if bytes.isEmpty { break }
        }
        return outcome
    }

    /// Every way of splitting `text` in two, plus byte by byte.
    static func allSplits(of text: String) -> [[Int]] {
        let count = text.utf8.count
        return [[1]] + (1..<max(count, 2)).map { [$0, count] }
    }
}
