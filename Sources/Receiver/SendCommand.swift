import Foundation
import SynapEvents
import SystemIO
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `synap-webhooks send --event KIND --url URL [--user U --password-env VAR] [--body FILE]`:
/// posts a realistic sample (or a file) as Synap would, to test a deployment end to end.
enum SendCommand {
    static func run(_ arguments: [String]) -> Int32 {
        let request: URLRequest
        do throws(UsageError) {
            let options = try CommandArguments(arguments, valued: ["--event", "--url", "--user", "--password-env", "--body", "--timeout"])
            request = try makeRequest(options)
        } catch {
            StandardStream.error.writeLine("synap-webhooks send: \(error)")
            return 2
        }
        do throws(BlockingHTTPClient.Failure) {
            let response = try BlockingHTTPClient.send(request)
            StandardStream.output.writeLine("HTTP \(response.status) \(response.body)")
            return (200..<300).contains(response.status) ? 0 : 1
        } catch {
            StandardStream.error.writeLine("synap-webhooks send: \(error)")
            return 1
        }
    }

    private static func makeRequest(_ options: CommandArguments) throws(UsageError) -> URLRequest {
        let urlText = try options.required("--url")
        guard let url = URL(string: urlText), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw UsageError("--url must be an http:// or https:// URL, not \"\(urlText)\"")
        }
        let body: Data
        if let file = options.value("--body") {
            guard let contents = FileManager.default.contents(atPath: file) else { throw UsageError("--body: cannot read \(file)") }
            body = contents
        } else {
            body = Data(SampleEvents.body(for: try EventKindArgument.parse(try options.required("--event"))).utf8)
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = Double(options.value("--timeout") ?? "10") ?? 10
        if let user = options.value("--user") {
            let variable = try options.required("--password-env")
            guard let password = ProcessExit.environment(variable) else {
                throw UsageError("--password-env: environment variable \(variable) is not set")
            }
            let token = Data("\(user):\(password)".utf8).base64EncodedString()
            request.setValue("Basic \(token)", forHTTPHeaderField: "Authorization")
        }
        return request
    }
}
