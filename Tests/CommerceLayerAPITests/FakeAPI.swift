import Foundation
import Logging
import ResourceCatalog
import Synchronization

@testable import CommerceLayerAPI

/// A scripted Commerce Layer behind a `StubTransport`: issues tokens, records every request,
/// and answers API requests with a handler the test supplies.
final class FakeAPI: Sendable {
    struct Recorded: Sendable {
        let method: String
        let url: URL
        let headers: [(name: String, value: String)]
        let body: Data?

        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        /// The path and decoded query (`/api/skus?filter[q][code_eq]=A`).
        var target: String {
            let components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
            let query = components.queryItems.map {
                "?" + $0.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: "&")
            }
            return components.path + (query ?? "")
        }
        var bodyJSON: JSONValue? { body.flatMap { try? JSONValue.parse($0) } }
    }

    typealias Handler = @Sendable (Recorded, Int) async throws -> HTTPResponse

    private struct State {
        var requests: [Recorded] = []
        var tokensIssued = 0
    }
    private let state = Mutex(State())
    let tokenLifetime: Int
    let isTest: Bool
    private let handler: Handler

    /// - Parameter handler: answers API requests; gets the request and its index among API
    ///   requests (token requests excluded).
    init(tokenLifetime: Int = 7200, isTest: Bool = true, handler: @escaping Handler) {
        self.tokenLifetime = tokenLifetime
        self.isTest = isTest
        self.handler = handler
    }

    var transport: StubTransport {
        StubTransport { request in try await self.answer(request) }
    }

    var requests: [Recorded] { state.withLock { $0.requests } }
    var apiRequests: [Recorded] { requests.filter { $0.url.path.hasPrefix("/api/") } }
    var tokensIssued: Int { state.withLock { $0.tokensIssued } }

    private func answer(_ request: HTTPRequest) async throws -> HTTPResponse {
        let recorded = Recorded(method: request.method, url: request.url, headers: request.headers, body: request.body)
        let index = state.withLock { state -> Int in
            state.requests.append(recorded)
            return state.requests.filter { $0.url.path.hasPrefix("/api/") }.count - 1
        }
        if request.url.path == "/oauth/token" {
            let number = state.withLock { state -> Int in
                state.tokensIssued += 1
                return state.tokensIssued
            }
            let jwt = Self.jwt(slug: "acme", test: isTest, serial: number)
            return Self.json(
                200, ["access_token": .string(jwt), "token_type": "bearer", "expires_in": .int(Int64(tokenLifetime))])
        }
        return try await handler(recorded, index)
    }

    static func jwt(slug: String, test: Bool, serial: Int) -> String {
        func encode(_ value: JSONValue) -> String {
            Data(value.canonicalJSON.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let payload: JSONValue = [
            "organization": ["id": "org1", "slug": .string(slug)], "application": ["kind": "integration"],
            "test": .bool(test), "iat": 1_700_000_000, "exp": 1_700_007_200, "jti": .int(Int64(serial)),
        ]
        return encode(["alg": "HS512", "typ": "JWT"]) + "." + encode(payload) + ".c2lnbmF0dXJl"
    }

    static func json(_ status: Int, _ body: JSONValue, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [(name: "Content-Type", value: "application/vnd.api+json")] + headers,
            body: HTTPBody(string: body.canonicalJSON))
    }

    static func resource(_ type: String, _ id: String, _ attributes: JSONValue = [:]) -> JSONValue {
        ["type": .string(type), "id": .string(id), "attributes": attributes, "meta": ["mode": "test"]]
    }

    static func error(_ status: Int, code: String, meta: JSONValue = [:]) -> HTTPResponse {
        json(
            status,
            [
                "errors": [
                    [
                        "title": "error", "detail": "details", "code": .string(code), "status": .string(String(status)),
                        "meta": meta,
                    ]
                ]
            ])
    }
}

let testProfile = try! Profile(
    name: "test", clientID: "client-id-1", clientSecret: Secret("very-secret-value"),
    baseURL: URL(string: "https://acme.commercelayer.io")!)

/// A logger that keeps test output readable (retries log at info level).
let quietLogger: Logger = {
    var logger = Logger(label: "layerclone.api.test")
    logger.logLevel = .error
    return logger
}()

/// A retry policy whose jitter is fixed so schedules are exact: delays are the full backoff.
let exactPolicy = RetryPolicy(random: { 1 })

func makeClient(_ api: FakeAPI, clock: VirtualClock = VirtualClock(), policy: RetryPolicy = exactPolicy)
    -> CommerceLayerClient
{
    CommerceLayerClient(
        profile: testProfile, transport: api.transport, clock: clock, logger: quietLogger, retryPolicy: policy)
}
