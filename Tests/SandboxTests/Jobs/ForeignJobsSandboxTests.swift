import ResourceCatalog
import Sandbox
import Testing

/// `--foreign-jobs`: other tools' jobs hold slots of the organization's ten for a while, and a
/// create past the cap is refused the way `--job-cap-refusal` says.
@Suite("Sandbox foreign jobs")
struct ForeignJobsSandboxTests {
    @Test("held slots refuse creates (422 or 429) until they are freed", arguments: JobCapRefusal.allCases)
    func heldSlots(refusal: JobCapRefusal) async throws {
        let configuration = JobsHarness.configuration {
            $0.behaviours.foreignJobs = ForeignJobs(slots: 10, seconds: 30)
            $0.limits.jobCapRefusal = refusal
        }
        try await JobsHarness.with(configuration) { harness in
            let inputs: JSONValue = [["name": "Summer"]]
            let refused = try await harness.create("imports", ["resource_type": "sku_lists", "inputs": inputs])
            #expect(refused.status == (refusal == .unprocessable ? 422 : 429))
            #expect(try await harness.server.count("sku_lists", in: .test) == 0)
            harness.server.clock.advance(by: 31)
            let accepted = try await harness.create("imports", ["resource_type": "sku_lists", "inputs": inputs])
            #expect(accepted.status == 201)
        }
    }

    @Test("with --job-cap queue, held slots keep a created job pending until they are freed")
    func heldSlotsQueue() async throws {
        let configuration = JobsHarness.configuration {
            $0.behaviours.foreignJobs = ForeignJobs(slots: 10, seconds: 30)
            $0.limits.jobCapBehaviour = .queue
        }
        try await JobsHarness.with(configuration) { harness in
            let inputs: JSONValue = [["name": "Summer"]]
            let accepted = try await harness.create("imports", ["resource_type": "sku_lists", "inputs": inputs])
            #expect(accepted.status == 201)
            let id = try #require(accepted.id)
            try await Task.sleep(for: .milliseconds(300))
            let waiting = try await harness.send(.GET, "/imports/\(id)")
            #expect(waiting.attributes?["status"] == "pending", "\(waiting)")
            #expect(try await harness.server.count("sku_lists", in: .test) == 0)
            harness.server.clock.advance(by: 31)
            let done = try await harness.wait("imports", id, until: ["completed", "interrupted"])
            #expect(done.attributes?["status"] == "completed", "\(done)")
            #expect(try await harness.server.count("sku_lists", in: .test) == 1)
        }
    }

    @Test("the switch's text: N, or N,SECONDS with N from 0 to 10")
    func parsing() {
        #expect(ForeignJobs(argument: "4") == ForeignJobs(slots: 4, seconds: 30))
        #expect(ForeignJobs(argument: "10,2.5") == ForeignJobs(slots: 10, seconds: 2.5))
        for bad in ["", "11", "-1", "3,", "3,x", "1,2,3"] { #expect(ForeignJobs(argument: bad) == nil, "\(bad)") }
    }
}
