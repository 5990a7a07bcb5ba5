import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

/// A type whose records name a parent only by code (prices' `sku_code`) starts writing once
/// that parent's imports are done, without waiting for the parent's ids to be read back.
@Suite("Waiting for parents", .serialized)
struct ParentGateTests {
    static let planText = """
        source: test
        target: live
        resources:
          price_lists:
          tags:
          skus:
          prices:
        """

    @Test("prices are imported while the skus' ids are still being read back")
    func codeOnlyParentsNeedOnlyBeWritten() async throws {
        var configuration = SandboxConfiguration()
        // Every job takes at least 1.5 s: reading the skus back outlasts starting the prices.
        configuration.jobSpeed = try JobSpeed.parse(
            "latency=1.5s,export_rps=100000,import_rps=100000,cleanup_rps=100000")
        // Scale 3: 150 skus, more than a page read takes, so they are read back by export jobs.
        try await DemoStoreFixture.with(configuration, scale: 3) { fixture in
            let result = try await fixture.clone(Self.planText)
            #expect(
                result.verification.allSatisfy { $0.isEqual }, "\(result.verification.flatMap(\.findings).prefix(3))")

            let journal = try RunJournal(path: result.directory.journalPath)
            let skuReadBack = try journal.units(kind: .export, type: "skus").filter { $0.id.hasPrefix("post:") }
            let readBackDone = try #require(skuReadBack.compactMap(\.finishedAt).max())
            let priceImports = try journal.units(kind: .importChunk, type: "prices")
            let firstImport = try #require(priceImports.compactMap(\.startedAt).min())
            #expect(firstImport < readBackDone, "prices waited for the skus' ids")
        }
    }
}
