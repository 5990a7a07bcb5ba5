import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

/// Tags ride in the imports of the records they tag; where the target's imports do not set
/// them, the post-write read finds the difference and PATCHes those records.
@Suite("Tags carried by imports", .serialized)
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

    @Test(
        "a clone sets every sku's tags, by import where the target takes them, else one PATCH each",
        arguments: [true, false])
    func cloneSetsTags(importsSetTags: Bool) async throws {
        var configuration = SandboxConfiguration()
        configuration.rateLimits = .off
        configuration.jobSpeed = .instant
        configuration.importsSetTags = importsSetTags
        let server = try SandboxServer(configuration: configuration)
        let endpoint = try await server.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tags-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try await server.seedDemo(scale: 1, into: .test)
            let tagged = try await server.records("skus", in: .test).filter {
                !($0.relationships["tags"]?.refs.isEmpty ?? true)
            }
            #expect(!tagged.isEmpty, "the demo store has tagged skus")
            let events = RecordingEventSink()
            let plan = try Planner().plan(PlanParser().parse(Self.planText, file: "tags.yml"))
            var setup = CloneSetup(planPath: "tags.yml", workdir: folder, events: events)
            setup.allowLive = true
            var job = try await setup.makeJob(
                plan: plan, planText: Self.planText, source: try server.profile(.test, at: endpoint),
                target: try server.profile(.live, at: endpoint), transport: AsyncHTTPClientTransport())
            job.pollInterval = .milliseconds(50)
            let result = try await job.run()

            // Verification compares each sku's tags, by name, with the source's.
            #expect(
                result.verification.allSatisfy { $0.isEqual }, "\(result.verification.flatMap(\.findings).prefix(3))")
            let unit = try #require(
                try RunJournal(path: result.directory.journalPath).units(kind: .patch, type: "skus").first {
                    $0.id == "tomany:skus.tags"
                })
            let patched = unit.detail["patched"]?.intValue
            let warned = events.events.contains { event in
                if case .warning(let text) = event { return text.contains("differed in tags after the imports") }
                return false
            }
            if importsSetTags {
                #expect(patched == 0)
                #expect(!warned)
            } else {
                #expect(patched == Int64(tagged.count))
                #expect(warned)
            }
            let liveTagged = try await server.records("skus", in: .live).filter {
                !($0.relationships["tags"]?.refs.isEmpty ?? true)
            }
            #expect(liveTagged.count == tagged.count)
            await server.shutdown()
        } catch {
            await server.shutdown()
            throw error
        }
    }
}
