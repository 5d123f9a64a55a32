import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts to a receiver under test and returns status, headers and body.
struct HTTPTestClient {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    let port: Int

    func post(_ path: String, body: String, headers: [String: String] = ["Content-Type": "application/json"]) async throws -> Response {
        try await send("POST", path, body: Data(body.utf8), headers: headers)
    }

    func get(_ path: String) async throws -> Response {
        try await send("GET", path, body: nil, headers: [:])
    }

    func send(_ method: String, _ path: String, body: Data?, headers: [String: String]) async throws -> Response {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 10
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return Response(status: http.statusCode, headers: fields, body: String(decoding: data, as: UTF8.self))
    }
}
