import Foundation
import SynapEvents
import SystemIO
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `synap-webhooks send --event KIND --url URL [--user U (--password-env VAR | --password-file FILE)] [--body FILE]`:
/// posts a realistic sample (or a file) as Synap would, to test a deployment end to end.
enum SendCommand {
    static func run(_ options: CommandArguments) -> Int32 {
        let request: URLRequest
        do throws(UsageError) {
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
        request.timeoutInterval = options.seconds("--timeout") ?? 10
        if let user = options.value("--user") {
            let password = try self.password(options)
            let token = Data("\(user):\(password)".utf8).base64EncodedString()
            request.setValue("Basic \(token)", forHTTPHeaderField: "Authorization")
        }
        return request
    }

    /// The password for `--user`, from `--password-env` or `--password-file`.
    private static func password(_ options: CommandArguments) throws(UsageError) -> String {
        switch (options.value("--password-env"), options.value("--password-file")) {
        case (let variable?, nil):
            guard let password = ProcessExit.environment(variable), !password.isEmpty else {
                throw UsageError("--password-env: environment variable \(variable) is not set")
            }
            return password
        case (nil, let file?):
            guard let data = FileManager.default.contents(atPath: file), var password = String(data: data, encoding: .utf8) else {
                throw UsageError("--password-file: cannot read \(file)")
            }
            while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
            guard !password.isEmpty else { throw UsageError("--password-file: \(file) is empty") }
            return password
        default:
            throw UsageError("--user needs the password from one of --password-env VAR or --password-file FILE")
        }
    }
}
