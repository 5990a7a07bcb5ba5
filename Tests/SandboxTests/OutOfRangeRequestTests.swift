import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox: out-of-range query values and oversized bodies")
struct OutOfRangeRequestTests {
    @Test(
        "a page number whose offset overflows is a 400 JSON:API error, and the sandbox keeps serving",
        arguments: [
            "/skus?page[number]=9223372036854775807",
            "/skus?page[size]=25&page[number]=9223372036854775807",
            "/skus?page[size]=25&page[number]=368934881474191033",
            "/skus?page[number]=99999999999999999999",
            "/exports?page[number]=9223372036854775807",
            "/imports?page[size]=25&page[number]=4611686018427387904",
            "/addresses?filter[q][lat_gt]=1e999",
            "/addresses?filter[q][lng_lt]=-1e400",
        ])
    func hugePageNumber(path: String) async throws {
        try await SandboxHarness.with { harness in
            try await harness.server.seedDemo(scale: 1, into: .test)
            let token = try await harness.token()
            let reply = try await harness.get(path, token: token)
            #expect(reply.status == 400)
            #expect(reply.errorCode == "INVALID_PAGE_VALUE" || reply.errorCode == "INVALID_FILTER_VALUE")
            #expect(reply.json?["errors"]?.arrayValue?.first?["status"] == "400")
            let after = try await harness.get("/skus?page[number]=2", token: token)
            #expect(after.status == 200)
            #expect(after.data?.arrayValue?.count == 10)
        }
    }

    @Test("a page past the last one within range is an empty page, as before")
    func pagePastTheEnd() async throws {
        try await SandboxHarness.with { harness in
            try await harness.server.seedDemo(scale: 1, into: .test)
            let token = try await harness.token()
            let reply = try await harness.get("/skus?page[number]=1000000", token: token)
            #expect(reply.status == 200)
            #expect(reply.data?.arrayValue?.isEmpty == true)
        }
    }

    @Test(
        "a body over 32 MiB is a 413 JSON:API error, with or without Content-Length",
        arguments: [true, false])
    func oversizedBody(declaresLength: Bool) async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            var request = HTTPClientRequest(url: harness.endpoint.baseURL + "/api/skus")
            request.method = .POST
            request.headers.add(name: "Accept", value: "application/vnd.api+json")
            request.headers.add(name: "Content-Type", value: "application/vnd.api+json")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let size = (32 << 20) + 1024
            let body = ByteBuffer(repeating: UInt8(ascii: " "), count: size)
            if declaresLength {
                request.body = .bytes(body)
            } else {
                // Streamed without a length: the sandbox finds out while reading.
                let chunks = stride(from: 0, to: size, by: 1 << 20).map {
                    body.getSlice(at: $0, length: min(1 << 20, size - $0))!
                }
                let stream = AsyncStream<ByteBuffer> { continuation in
                    for chunk in chunks { continuation.yield(chunk) }
                    continuation.finish()
                }
                request.body = .stream(stream, length: .unknown)
            }
            let response = try await harness.client.execute(request, timeout: .seconds(60))
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(response.status.code == 413)
            let json = try JSONValue.parse(text)
            #expect(json["errors"]?.arrayValue?.first?["code"] == "PAYLOAD_TOO_LARGE")
            #expect(json["errors"]?.arrayValue?.first?["status"] == "413")
            let after = try await harness.get("/skus", token: token)
            #expect(after.status == 200)
        }
    }
}
