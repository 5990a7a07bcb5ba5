import AsyncHTTPClient
import Foundation
import LayerCloneTestSupport
import NIOCore
import NIOHTTP1
import ResourceCatalog
import Sandbox

/// An in-process sandbox on 127.0.0.1 (ephemeral port) and an HTTP client talking to it.
struct SandboxHarness {
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var json: JSONValue?

        /// The `code` of the first error.
        var errorCode: String? { json?["errors"]?.arrayValue?.first?["code"]?.stringValue }
        /// The `source.pointer` of every error.
        var pointers: [String] {
            json?["errors"]?.arrayValue?.compactMap { $0["source"]?["pointer"]?.stringValue } ?? []
        }
        var data: JSONValue? { json?["data"] }
    }

    let server: SandboxServer
    let endpoint: SandboxServer.Endpoint
    let client: HTTPClient

    /// A configuration for tests: rate limits off, then `edit` applied.
    static func configuration(_ edit: (inout SandboxConfiguration) -> Void = { _ in }) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.limits.rateLimits = .off
        edit(&configuration)
        return configuration
    }

    /// Runs `body` against a fresh sandbox started with `configuration`.
    static func with<T>(
        _ configuration: SandboxConfiguration = configuration(), file: String = #fileID, line: Int = #line,
        _ body: (SandboxHarness) async throws -> T
    ) async throws -> T {
        return try await SandboxSlots.run(file: file, line: line) {
            let server = try SandboxServer(configuration: configuration)
            let endpoint = try await server.start()
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let harness = SandboxHarness(server: server, endpoint: endpoint, client: client)
            do {
                let result = try await body(harness)
                try await client.shutdown()
                await server.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                await server.shutdown()
                throw error
            }
        }
    }

    /// A fresh access token for `environment`.
    func token(_ environment: SandboxEnvironment = .test) async throws -> String {
        let credentials = server.credentials[environment]!
        let reply = try await send(
            "POST", endpoint.authURL, token: nil,
            body: [
                "grant_type": "client_credentials", "client_id": .string(credentials.clientID),
                "client_secret": .string(credentials.clientSecret),
            ], contentType: "application/json")
        guard let token = reply.json?["access_token"]?.stringValue else {
            throw HarnessError.noToken(reply.status)
        }
        return token
    }

    /// Sends a request to `path` (under the base URL unless absolute).
    func send(
        _ method: String, _ path: String, token: String?, body: JSONValue? = nil,
        contentType: String = "application/vnd.api+json", accept: String? = "application/vnd.api+json"
    ) async throws -> Reply {
        let url = path.hasPrefix("http") ? path : endpoint.baseURL + Self.encodeUnsafe(path)
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        if let accept { request.headers.add(name: "Accept", value: accept) }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body.canonicalJSON))
        }
        let response = try await client.execute(request, timeout: .seconds(20))
        let buffer = try await response.body.collect(upTo: 32 << 20)
        let text = String(buffer: buffer)
        return Reply(
            status: Int(response.status.code), headers: response.headers,
            json: text.isEmpty ? nil : try JSONValue.parse(text))
    }

    /// Percent-encodes the characters a URL may not carry raw (`[`, `]`, `{`, `}`, `"`, space).
    static func encodeUnsafe(_ path: String) -> String {
        var result = ""
        for character in path {
            switch character {
            case "[": result += "%5B"
            case "]": result += "%5D"
            case "{": result += "%7B"
            case "}": result += "%7D"
            case "\"": result += "%22"
            case " ": result += "%20"
            default: result.append(character)
            }
        }
        return result
    }

    /// `GET /api/…` with a token.
    func get(_ path: String, token: String) async throws -> Reply {
        try await send("GET", "/api" + path, token: token)
    }

    /// `POST /api/{type}` with attributes and relationships (name → ref).
    func create(
        _ type: String, _ attributes: JSONValue, relationships: [String: (String, String)] = [:], token: String
    ) async throws -> Reply {
        var data: [String: JSONValue] = ["type": .string(type), "attributes": attributes]
        if !relationships.isEmpty {
            data["relationships"] = .object(
                relationships.mapValues { ["data": ["type": .string($0.0), "id": .string($0.1)]] })
        }
        return try await send("POST", "/api/\(type)", token: token, body: ["data": .object(data)])
    }
}

enum HarnessError: Error {
    case noToken(Int)
}
