import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox faults")
struct FaultTests {
    /// The outcome of each of 40 GETs: a status, or -1 for a dropped connection.
    private func outcomes(seed: UInt64) async throws -> [Int] {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            harness.server.setFaults(
                try FaultSpec.parse("http500=0.15,http503=0.1,http429=0.1,reset=0.1"), seed: seed)
            var results: [Int] = []
            for index in 0..<40 {
                do {
                    results.append(try await harness.get("/skus?page[number]=\(index % 3 + 1)", token: token).status)
                } catch {
                    results.append(-1)
                }
            }
            return results
        }
    }

    @Test("the same seed and request sequence replay the same faults")
    func deterministic() async throws {
        let first = try await outcomes(seed: 42)
        let second = try await outcomes(seed: 42)
        let other = try await outcomes(seed: 7)
        #expect(first == second)
        #expect(first != other)
        #expect(first.contains(-1) && first.contains(500) && first.contains(200))
    }

    @Test("a retried request is never faulted twice in a row")
    func retrySucceeds() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            harness.server.setFaults(try FaultSpec.parse("http503=1"), seed: 1)
            for _ in 0..<5 {
                #expect(try await harness.get("/tags", token: token).status == 503)
                #expect(try await harness.get("/tags", token: token).status == 200)
            }
        }
    }

    @Test("lost_response writes the record but the client sees the connection drop")
    func lostResponse() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            harness.server.setFaults(try FaultSpec.parse("lost_response=1"), seed: 1)
            await #expect(throws: (any Error).self) {
                _ = try await harness.create("tags", ["name": "ghost"], token: token)
            }
            #expect(try await harness.server.count("tags", in: .test) == 1)
            harness.server.setFaults(.none)
            let list = try await harness.get("/tags?filter[q][name_eq]=ghost", token: token)
            #expect(list.json?["meta"]?["record_count"] == 1)
        }
    }

    @Test("fault specs parse and reject bad input")
    func parsing() throws {
        let spec = try FaultSpec.parse("http500=0.05,http503=0.02,http429=0.05,reset=0.01,latency=50ms")
        #expect(spec.probabilities[.http500] == 0.05)
        #expect(spec.latencyMilliseconds == 50)
        #expect(throws: FaultSpecError.self) { try FaultSpec.parse("http418=0.1") }
        #expect(throws: FaultSpecError.self) { try FaultSpec.parse("http500=2") }
    }
}
