import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

/// Price tiers ride in the imports that create their prices; tiers of prices the target
/// already holds are written one by one.
@Suite("Children nested in their parent's imports")
struct NestedWriteTests {
    static let planText = """
        source: test
        target: live
        resources:
          price_lists:
          tags:
          skus:
          prices:
          price_volume_tiers:
        """

    @Test("the planner nests tiers in price imports, unless prices are not cloned or tiers only update")
    func planning() throws {
        let plan = try Planner().plan(PlanParser().parse(Self.planText, file: "nested.yml"))
        #expect(
            plan.step("price_volume_tiers")?.nestedIn
                == NestedWrite(parentType: "prices", key: "price_tiers", relationship: "price"))
        #expect(plan.nestedChildren(of: "prices").map(\.type) == ["price_volume_tiers"])
        // Price tiers are polymorphic: frequency tiers ride in the same `price_tiers` array.
        let both = try Planner().plan(
            PlanParser().parse(Self.planText + "\n  price_frequency_tiers:\n", file: "both.yml"))
        #expect(
            both.step("price_frequency_tiers")?.nestedIn
                == NestedWrite(parentType: "prices", key: "price_tiers", relationship: "price"))
        #expect(Set(both.nestedChildren(of: "prices").map(\.type)) == ["price_volume_tiers", "price_frequency_tiers"])
        #expect(plan.step("prices")?.nestedIn == nil)

        let updateOnly = try Planner().plan(
            PlanParser().parse(
                Self.planText.replacingOccurrences(
                    of: "price_volume_tiers:", with: "price_volume_tiers:\n    write: update-only"),
                file: "update-only.yml"))
        #expect(updateOnly.step("price_volume_tiers")?.nestedIn == nil)

        let tiersOnly = try Planner().plan(
            PlanParser().parse("resources:\n  price_volume_tiers:\ninclude_parents: false\n", file: "tiers.yml"))
        #expect(tiersOnly.step("price_volume_tiers")?.nestedIn == nil)
    }

    @Test(
        "new prices carry their tiers; a tier of an existing price is created on its own; nothing twice",
        arguments: [false, true])
    func cloneNestsTiers(dryDataKeepsRelationIDs: Bool) async throws {
        var configuration = SandboxConfiguration()
        configuration.behaviours.dryDataKeepsRelationIDs = dryDataKeepsRelationIDs
        configuration.conditions.jobSpeed = .instant
        // Scale 2: 200 prices, read by export jobs (sets of at most 100 are read by pages).
        try await DemoStoreFixture.with(configuration, scale: 2) { fixture in
            let server = fixture.server
            func clone() async throws -> CloneResult { try await fixture.clone(Self.planText) }
            func restUnits(_ result: CloneResult) throws -> Int {
                try RunJournal(path: result.directory.journalPath).units(kind: .restBatch, type: "price_volume_tiers")
                    .count
            }

            let first = try await clone()
            let tiers = try #require(first.outcomes.first { $0.type == "price_volume_tiers" }?.outcome)
            #expect(tiers.sourceRecords == 20 && tiers.created == 20 && tiers.unchanged == 0, "\(tiers)")
            #expect(try restUnits(first) == 0, "tiers were written one by one")
            #expect(first.verification.allSatisfy { $0.isEqual }, "\(first.verification.flatMap(\.findings).prefix(3))")
            #expect(try await server.count("price_volume_tiers", in: .live) == 20)

            // One tier goes missing in live while its price stays.
            let live = CommerceLayerClient(profile: try fixture.profile(.live), transport: AsyncHTTPClientTransport())
            let tier = try #require(
                try await live.list("price_volume_tiers", query: Query().sort("id")).collect().first)
            try await live.delete("price_volume_tiers", id: tier.id)

            let second = try await clone()
            let again = try #require(second.outcomes.first { $0.type == "price_volume_tiers" }?.outcome)
            #expect(again.created == 1 && again.unchanged == 19, "\(again)")
            #expect(try restUnits(second) == 1)
            #expect(second.verification.allSatisfy { $0.isEqual })
            #expect(try await server.count("price_volume_tiers", in: .live) == 20)
        }
    }
}
