import FoundationEssentials
import Testing

/// The project's error body, `{"error": "...", "status": N}`, decoded by a real JSON decoder
/// so the check does not depend on the server's spacing or key order.
struct ErrorBody: Decodable, Equatable {
    let error: String
    let status: Int
}

extension RawResponse {
    /// The body as the error shape, nil when it is not exactly that JSON object.
    var errorBody: ErrorBody? { try? JSONDecoder().decode(ErrorBody.self, from: Data(body)) }
}

/// Checks that `response` is the error answer for `status`: that status line, a JSON body
/// of the error shape naming the same status with a non-empty message, and, when framing is
/// lost, `Connection: close`.
func expectErrorAnswer(
    _ response: RawResponse, status: Int, closes: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "status line: \(response)", sourceLocation: sourceLocation)
    #expect(response.header("content-type") == "application/json", sourceLocation: sourceLocation)
    let body = response.errorBody
    #expect(body?.status == status, "body: \(response.text)", sourceLocation: sourceLocation)
    #expect(body?.error.isEmpty == false, "body: \(response.text)", sourceLocation: sourceLocation)
    #expect(response.closesConnection == closes, "Connection header: \(String(describing: response.header("connection")))",
            sourceLocation: sourceLocation)
}
