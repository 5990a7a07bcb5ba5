import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import CommerceLayerAPI

/// A small Hummingbird server on 127.0.0.1 (ephemeral port) for the transport's own tests.
struct LoopbackServer {
    /// Runs `body` with the base URL of a server built from `router`, then stops the server.
    static func with<Result: Sendable>(
        _ router: Router<BasicRequestContext>, _ body: @Sendable (URL) async throws -> Result
    ) async throws -> Result {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            })
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
            let result = try await body(URL(string: "http://127.0.0.1:\(port)")!)
            group.cancelAll()
            return result
        }
    }
}

@Suite("AsyncHTTPClientTransport over loopback")
struct AsyncHTTPClientTransportTests {
    @Test("sends method, headers and body, and streams a large body in chunks")
    func roundTrip() async throws {
        let router = Router()
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1024 * 1024)
            var headers = HTTPFields()
            headers[.init("X-Seen-Accept")!] = request.headers[.accept] ?? "-"
            headers[.init("X-Ratelimit-Limit")!] = "50"
            return Response(status: .created, headers: headers, body: .init(byteBuffer: body))
        }
        router.get("/big") { _, _ -> Response in
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    for _ in 0..<64 { try await writer.write(chunk) }
                    try await writer.finish(nil)
                })
        }
        try await LoopbackServer.with(router) { base in
            let transport = AsyncHTTPClientTransport()
            let echo = try await transport.send(
                CommerceLayerAPI.HTTPRequest(
                    method: "POST", url: base.appendingPathComponent("echo"),
                    headers: [(name: "Accept", value: "application/vnd.api+json")], body: Data("hello".utf8)))
            #expect(echo.status == 201)
            #expect(echo.header("x-seen-accept") == "application/vnd.api+json")
            #expect(RateLimitInfo(headers: echo.headers)?.limit == 50)
            #expect(String(decoding: try await echo.body.collect(), as: UTF8.self) == "hello")

            let big = try await transport.send(
                CommerceLayerAPI.HTTPRequest(method: "GET", url: base.appendingPathComponent("big")))
            var total = 0
            var chunks = 0
            for try await chunk in big.body {
                total += chunk.count
                chunks += 1
            }
            #expect(total == 64 * 64 * 1024)
            #expect(chunks > 1)
        }
    }

    @Test("a closed port is a transport error, not a hang")
    func refused() async throws {
        let transport = AsyncHTTPClientTransport()
        await #expect {
            _ = try await transport.send(
                CommerceLayerAPI.HTTPRequest(
                    method: "GET", url: URL(string: "http://127.0.0.1:1/x")!, timeout: .seconds(2)))
        } throws: { error in
            // async-http-client keeps retrying the connection until the deadline, then reports
            // the connection error (or the deadline).
            [.connectFailed, .timedOut].contains((error as? TransportError)?.kind)
        }
    }
}
