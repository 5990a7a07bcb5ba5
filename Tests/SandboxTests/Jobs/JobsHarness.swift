import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ResourceCatalog
import Sandbox
import Testing
import ZlibStream

/// An in-process sandbox on 127.0.0.1 (ephemeral port) and an HTTP client, with helpers for
/// jobs: create, poll until a status, download attachments.
struct JobsHarness {
    struct Reply {
        var status: Int
        var json: JSONValue?

        var data: JSONValue? { json?["data"] }
        var attributes: JSONValue? { json?["data"]?["attributes"] }
        var id: String? { json?["data"]?["id"]?.stringValue }
        var firstError: JSONValue? { json?["errors"]?.arrayValue?.first }
    }

    /// The sandbox, its endpoint and the HTTP client (`SandboxHarness`).
    let base: SandboxHarness
    let token: String

    var server: SandboxServer { base.server }
    var endpoint: SandboxServer.Endpoint { base.endpoint }
    var client: HTTPClient { base.client }

    /// A configuration with rate limits off and `change` applied.
    static func configuration(_ change: (inout SandboxConfiguration) throws -> Void) rethrows -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.limits.rateLimits = .off
        try change(&configuration)
        return configuration
    }

    /// Runs `body` against a fresh sandbox (rate limits off, instant jobs unless configured)
    /// with a test-environment token; stops everything afterwards.
    static func with<T>(
        _ configuration: SandboxConfiguration = JobsHarness.configuration { _ in }, file: String = #fileID,
        line: Int = #line, _ body: (JobsHarness) async throws -> T
    ) async throws -> T {
        try await SandboxHarness.with(configuration, file: file, line: line) { base in
            try await body(JobsHarness(base: base, token: try await base.token(.test)))
        }
    }

    /// A fresh access token for `environment`.
    func fetchToken(_ environment: SandboxEnvironment) async throws -> String { try await base.token(environment) }

    /// Sends a JSON:API request to `/api…` with `token` (the test token by default).
    func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, token: String? = nil) async throws -> Reply
    {
        var request = HTTPClientRequest(url: endpoint.baseURL + "/api" + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/vnd.api+json")
        request.headers.add(name: "Authorization", value: "Bearer \(token ?? self.token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/vnd.api+json")
            request.body = .bytes(ByteBuffer(string: body.canonicalJSON))
        }
        let response = try await client.execute(request, timeout: .seconds(20))
        let text = String(buffer: try await response.body.collect(upTo: 64 << 20))
        return Reply(status: Int(response.status.code), json: text.isEmpty ? nil : try JSONValue.parse(text))
    }

    /// `POST /api/{kind}` with `attributes`.
    func create(_ kind: String, _ attributes: JSONValue, token: String? = nil) async throws -> Reply {
        try await send(
            .POST, "/\(kind)", body: ["data": ["type": .string(kind), "attributes": attributes]], token: token)
    }

    /// `PATCH /api/{kind}/{id}` with `attributes`.
    func update(_ kind: String, _ id: String, _ attributes: JSONValue) async throws -> Reply {
        try await send(
            .PATCH, "/\(kind)/\(id)",
            body: ["data": ["type": .string(kind), "id": .string(id), "attributes": attributes]])
    }

    /// Polls `GET /api/{kind}/{id}` until its status is one of `statuses` (every 20 ms, for at
    /// most 2 minutes: room for a machine loaded by the rest of the suite); returns the last
    /// reply.
    func wait(_ kind: String, _ id: String, until statuses: Set<String>, token: String? = nil) async throws -> Reply {
        let deadline = ContinuousClock.now + .seconds(120)
        var reply = try await send(.GET, "/\(kind)/\(id)", token: token)
        var polls = 0
        while let status = reply.attributes?["status"]?.stringValue, !statuses.contains(status),
            polls < 6000, ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
            reply = try await send(.GET, "/\(kind)/\(id)", token: token)
            polls += 1
        }
        return reply
    }

    /// Creates a job and waits until it ends; returns the last reply.
    func run(_ kind: String, _ attributes: JSONValue, token: String? = nil) async throws -> Reply {
        let created = try await create(kind, attributes, token: token)
        guard created.status == 201, let id = created.id else { return created }
        return try await wait(kind, id, until: ["completed", "failed", "interrupted"], token: token)
    }

    /// GET a URL without any header (like a pre-signed object storage URL).
    func download(_ url: String) async throws -> (status: Int, bytes: [UInt8]) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(20))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(buffer.readableBytesView))
    }

    /// Downloads and gunzips an attachment as text.
    func attachmentText(_ reply: Reply) async throws -> String {
        let url = try #require(reply.attributes?["attachment_url"]?.stringValue)
        let (status, bytes) = try await download(url)
        guard status == 200 else { throw JobsHarnessError.download(status) }
        return String(decoding: try GzipInflater.decompress(bytes), as: UTF8.self)
    }

    /// The export's JSON array.
    func exported(_ reply: Reply) async throws -> [JSONValue] {
        try #require(try JSONValue.parse(try await attachmentText(reply)).arrayValue)
    }
}

enum JobsHarnessError: Error {
    case download(Int)
}
