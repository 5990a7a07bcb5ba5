import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

/// Tags ride in the imports of the records they tag; where the target's imports do not set
/// them, the post-write read finds the difference and PATCHes those records.
@Suite("Tags carried by imports")
struct ImportedTagsTests {
    static let planText = """
        source: test
        target: live
        resources:
          tags:
          skus:
        """

    @Test("imported types carry their tags; REST types and types without the tags in the plan do not")
    func planning() throws {
        let plan = try Planner().plan(
            PlanParser().parse(Self.planText + "\n  shipping_methods:\n", file: "tags.yml"))
        #expect(plan.step("skus")?.importedToMany == ["tags"])
        #expect(plan.step("skus")?.references.first { $0.relationship == "tags" }?.resolutionName == "id:import")
        #expect(plan.step("shipping_methods")?.method == .rest)
        #expect(plan.step("shipping_methods")?.importedToMany == [])
        let withoutTags = try Planner().plan(PlanParser().parse("resources:\n  skus:\n", file: "skus.yml"))
        #expect(withoutTags.step("skus")?.importedToMany == [])
    }

    private static func tagged(_ server: SandboxServer, in environment: SandboxEnvironment) async throws
        -> [StoredRecord]
    {
        try await server.records("skus", in: environment).filter { !($0.relationships["tags"]?.refs.isEmpty ?? true) }
    }

    @Test(
        "a clone sets every sku's tags, by import where the target takes them, else one PATCH each",
        arguments: [true, false])
    func cloneSetsTags(importsSetTags: Bool) async throws {
        let events = RecordingEventSink()
        var configuration = SandboxConfiguration()
        configuration.conditions.jobSpeed = .instant
        configuration.behaviours.importsSetTags = importsSetTags
        try await DemoStoreFixture.with(configuration) { fixture in
            let server = fixture.server
            let result = try await fixture.clone(Self.planText, events: events)
            let tagged = try await Self.tagged(server, in: .test)
            #expect(!tagged.isEmpty, "the demo store has tagged skus")
            // Verification compares each sku's tags, by name, with the source's.
            #expect(
                result.verification.allSatisfy { $0.isEqual }, "\(result.verification.flatMap(\.findings).prefix(3))")
            let unit = try #require(
                try RunJournal(path: result.directory.journalPath).units(kind: .patch, type: "skus").first {
                    $0.key == .toManyPatch("skus", relationship: "tags")
                })
            let patched = try unit.detail(PatchDetail.self)?.patched
            let warned = events.events.contains { event in
                if case .warning(let text) = event { return text.contains("differed in tags after the imports") }
                return false
            }
            if importsSetTags {
                #expect(patched == 0)
                #expect(!warned)
            } else {
                #expect(patched == tagged.count)
                #expect(warned)
            }
            #expect(try await Self.tagged(server, in: .live).count == tagged.count)
        }
    }

    @Test("a plan that leaves tags out: the skus' tags differ, and the finding names the tags the target lacks")
    func tagsLeftOut() async throws {
        try await DemoStoreFixture.with { fixture in
            let server = fixture.server
            let result = try await fixture.clone("source: test\ntarget: live\nresources:\n  skus:\n")
            let skus = try #require(result.verification.first { $0.type == "skus" })
            let tagged = try await Self.tagged(server, in: .test)
            #expect(skus.different.count == tagged.count)
            #expect(skus.different.allSatisfy { $0.fields == ["tags"] })
            let finding = try #require(skus.findings.first)
            #expect(finding.contains("differs in tags (tags: name="), "\(finding)")
            #expect(finding.contains("is not in the target"), "\(finding)")
        }
    }
}
