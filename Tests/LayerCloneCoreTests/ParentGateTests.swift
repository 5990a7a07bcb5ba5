import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

/// A type whose records name a parent only by code (prices' `sku_code`) starts writing once
/// that parent's imports are done, without waiting for the parent's ids to be read back.
@Suite("Waiting for parents")
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

    /// Clones the plan with every job taking at least 1.5 s, then checks the run's journal.
    /// Scale 3: 150 skus, more than a page read takes, so they are read back by export jobs.
    static func cloneWithSlowJobs(_ check: (RunJournal) throws -> Void) async throws {
        var configuration = SandboxConfiguration()
        configuration.conditions.jobSpeed = try JobSpeed.parse(
            "latency=1.5s,export_rps=100000,import_rps=100000,cleanup_rps=100000")
        try await DemoStoreFixture.with(configuration, scale: 3) { fixture in
            let result = try await fixture.clone(Self.planText)
            #expect(
                result.verification.allSatisfy { $0.isEqual }, "\(result.verification.flatMap(\.findings).prefix(3))")
            try check(try RunJournal(path: result.directory.journalPath))
        }
    }

    @Test("prices are imported while the skus' ids are still being read back")
    func codeOnlyParentsNeedOnlyBeWritten() async throws {
        try await Self.cloneWithSlowJobs { journal in
            // Reading the skus back (1.5 s or more) outlasts starting the prices.
            let skuReadBack = try journal.units(kind: .export, type: "skus").filter { $0.key.readLabel == .post }
            let readBackDone = try #require(skuReadBack.compactMap(\.finishedAt).max())
            let priceImports = try journal.units(kind: .importChunk, type: "prices")
            let firstImport = try #require(priceImports.compactMap(\.startedAt).min())
            #expect(firstImport < readBackDone, "prices waited for the skus' ids")
        }
    }

    @Test("prices decide what to write while the skus import, and send nothing before they are written")
    func decidedWhileParentsImport() async throws {
        try await Self.cloneWithSlowJobs { journal in
            let skuImports = try journal.units(kind: .importChunk, type: "skus")
            let skusWritten = try #require(skuImports.compactMap(\.finishedAt).max())
            let diff = try #require(try journal.unit(.diff("prices"))?.finishedAt)
            #expect(diff < skusWritten, "the prices' diff waited for the skus to be written")
            let priceImports = try journal.units(kind: .importChunk, type: "prices")
            let firstImport = try #require(priceImports.compactMap(\.startedAt).min())
            #expect(firstImport >= skusWritten, "a price import started before the skus were written")
        }
    }
}
