import Foundation
import Sandbox
import Testing

@testable import CommerceLayerAPI

@Suite("A body over the sandbox's limit")
struct PayloadTooLargeTests {
    @Test("is answered 413 with a JSON:API error, and the client does not send it again")
    func notRetried() async throws {
        try await SandboxFixture.with(linkedClock: false) { fixture in
            let padding = String(repeating: "x", count: (32 << 20) + 1024)
            let body = Data(#"{"data":{"type":"skus","attributes":{"code":"BIG","name":"\#(padding)"}}}"#.utf8)
            await #expect {
                _ = try await fixture.client.send("POST", "skus", body: body, safety: .notIdempotent)
            } throws: { error in
                guard case .api(let apiError)? = error as? CommerceLayerError else { return false }
                return apiError.status == 413 && apiError.has(code: "PAYLOAD_TOO_LARGE")
            }
            #expect(fixture.transport.statuses.filter { $0 == 413 }.count == 1)
            #expect(fixture.transport.dropped == 0)
            #expect(fixture.client.metrics.snapshot.retries == 0)
            let created = try await fixture.server.count("skus", in: .test)
            #expect(created == 0)
        }
    }
}
