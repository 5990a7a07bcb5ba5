import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Synchronization
import Testing

@testable import LayerCloneCore

@Suite("A live target needs consent")
struct LiveTargetTests {
    static let planText = """
        source: test
        target: live
        resources:
          tags:
        """

    /// Builds the clone job from `source` into `target` with `setup`'s consent settings.
    static func makeJob(
        _ fixture: DemoStoreFixture, source: SandboxEnvironment = .test, target: SandboxEnvironment,
        _ setup: CloneSetup
    ) async throws {
        let plan = try Planner().plan(PlanParser().parse(planText, file: "plan.yml"))
        _ = try await setup.makeJob(
            plan: plan, planText: planText, source: try fixture.profile(source), target: try fixture.profile(target),
            transport: AsyncHTTPClientTransport())
    }

    /// Expects building a job into live to be refused, naming the organization.
    static func expectRefused(_ fixture: DemoStoreFixture, _ setup: CloneSetup) async throws {
        do {
            try await makeJob(fixture, target: .live, setup)
            Issue.record("a live target was not refused")
        } catch CloneError.liveTargetRefused(let organization) {
            #expect(!organization.isEmpty)
        }
    }

    @Test("refused unless allowed or confirmed; the question names the organization; a test target is not asked")
    func consent() async throws {
        try await DemoStoreFixture.with { fixture in
            let asked = Asked()
            var setup = CloneSetup(planPath: "plan.yml", workdir: fixture.folder, events: RecordingEventSink())
            setup.confirmLive = { organization in
                asked.record(organization)
                return false
            }
            try await Self.expectRefused(fixture, setup)
            #expect(asked.organizations.count == 1 && asked.organizations[0].isEmpty == false)

            setup.confirmLive = { _ in true }
            try await Self.makeJob(fixture, target: .live, setup)

            setup.confirmLive = nil
            try await Self.expectRefused(fixture, setup)
            setup.allowLive = true
            try await Self.makeJob(fixture, target: .live, setup)

            setup.allowLive = false
            setup.confirmLive = { organization in
                asked.record(organization)
                return false
            }
            try await Self.makeJob(fixture, source: .live, target: .test, setup)
            #expect(asked.organizations.count == 1, "a test target was asked about")

            // One environment on both sides is refused before anyone is asked.
            await #expect(throws: CloneError.self) { try await Self.makeJob(fixture, target: .test, setup) }
            #expect(asked.organizations.count == 1)
        }
    }
}

/// The organizations a confirmation was asked for.
final class Asked: Sendable {
    private let state = Mutex<[String]>([])
    func record(_ organization: String) { state.withLock { $0.append(organization) } }
    var organizations: [String] { state.withLock { $0 } }
}
