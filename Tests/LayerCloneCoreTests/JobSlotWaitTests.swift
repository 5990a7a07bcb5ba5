import CommerceLayerAPI
import ResourceCatalog
import Synchronization
import Testing

@testable import LayerCloneCore

/// A job create refused for want of a slot waits and is sent again; it never fails the unit
/// unless the wait outlasts its limit.
@Suite("Job slot wait")
struct JobSlotWaitTests {
    static func api(_ status: Int, pointer: String?, detail: String, meta: [String: JSONValue] = [:]) -> Error {
        CommerceLayerError.api(
            APIError(
                status: status, request: "POST /api/imports",
                errors: [
                    APIErrorObject(title: detail, detail: detail, status: "\(status)", pointer: pointer, meta: meta)
                ]
            ))
    }

    @Test("the refusals a full organization may answer are recognised; other refusals are not")
    func recognition() {
        let full = "too many imports pending or in progress (maximum 10); retry later"
        #expect(JobSlotWait.isSlotRefusal(Self.api(422, pointer: "/data/attributes/base", detail: full)))
        #expect(JobSlotWait.isSlotRefusal(Self.api(422, pointer: nil, detail: "Too many concurrent jobs")))
        #expect(JobSlotWait.isSlotRefusal(Self.api(429, pointer: nil, detail: "Too many requests")))
        #expect(JobSlotWait.isSlotRefusal(CommerceLayerError.rateLimited(request: "POST /api/exports", attempts: 5)))
        let cap: [String: JSONValue] = ["error": "less_than_or_equal_to", "count": 10_000]
        #expect(
            !JobSlotWait.isSlotRefusal(
                Self.api(
                    422, pointer: "/data/attributes/inputs_size", detail: "must be less than or equal to", meta: cap)))
        #expect(!JobSlotWait.isSlotRefusal(Self.api(422, pointer: "/data/attributes/code", detail: "too many codes")))
        #expect(!JobSlotWait.isSlotRefusal(Self.api(422, pointer: nil, detail: "resource_type is not included")))
    }

    @Test("refused twice, the create is sent a third time, and a warning says it waited")
    func waitsThenCreates() async throws {
        let attempts = Mutex(0)
        let events = RecordingEventSink()
        // A limit far above the waits: on a loaded machine a 5 ms sleep may take seconds.
        let wait = JobSlotWait(firstWait: .milliseconds(5), longestWait: .milliseconds(10), limit: .seconds(600))
        let job = try await wait.create("import:prices:1", kind: .import, events: events) {
            let attempt = attempts.withLock { count -> Int in
                count += 1
                return count
            }
            if attempt < 3 { throw Self.api(429, pointer: nil, detail: "Too many requests") }
            return "job-\(attempt)"
        }
        #expect(job == "job-3")
        let warnings = events.events.compactMap { event -> String? in
            if case .warning(let message) = event { message } else { nil }
        }
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.first?.contains("no free import job slot") == true)
    }

    @Test("other errors are not waited on; a wait past its limit fails with the unit named")
    func limits() async throws {
        let wait = JobSlotWait(firstWait: .milliseconds(5), longestWait: .milliseconds(10), limit: .milliseconds(40))
        await #expect(throws: CommerceLayerError.self) {
            _ = try await wait.create("import:prices:1", kind: .import, events: RecordingEventSink()) { () -> String in
                throw Self.api(422, pointer: "/data/attributes/code", detail: "has already been taken")
            }
        }
        let error = await #expect(throws: CloneError.self) {
            _ = try await wait.create("export:skus:2", kind: .export, events: RecordingEventSink()) { () -> String in
                throw Self.api(429, pointer: nil, detail: "Too many requests")
            }
        }
        #expect(error?.description.contains("export:skus:2") == true)
        #expect(error?.exitClass == .unavailable)
    }
}
