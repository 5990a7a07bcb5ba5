import Foundation
import Staging
import Testing

@testable import LayerCloneCore

/// A clone's store work blocks its thread (SQLite): it must run on `BlockingExecutor`, never on
/// the cooperative pool, the threads its HTTP work and schedulers need.
@Suite("Blocking work of a clone")
struct BlockingWorkTests {
    @Test("a clone, with its early reads, writes and verification, calls no store from the cooperative pool")
    func cloneStaysOffThePool() async throws {
        try await DemoStoreFixture.with { fixture in
            let result = try await fixture.clone(EnabledStateCloneTests.plan)
            #expect(!result.hasProblems, "\(result.verification.flatMap(\.findings))")
            #expect(result.outcomes.contains { $0.outcome.created > 0 })
            #expect(StagingStore.callsOffBlockingExecutor(under: fixture.folder.path) == 0)
        }
    }
}
