import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

@Suite("Verify between two environments")
struct VerifyJobTests {
    /// Runs `body` with a sandbox whose test and live environments both hold the demo store.
    static func withTwinStores(_ body: (SandboxServer, CloneEnvironment, CloneEnvironment) async throws -> Void)
        async throws
    {
        try await SandboxSlots.run {
            var configuration = SandboxConfiguration()
            configuration.limits.rateLimits = .off
            let server = try SandboxServer(configuration: configuration)
            let endpoint = try await server.start()
            do {
                _ = try await server.seedDemo(scale: 1, into: .test)
                _ = try await server.seedDemo(scale: 1, into: .live)
                func side(_ environment: SandboxEnvironment) throws -> CloneEnvironment {
                    CloneEnvironment(
                        name: "\(environment)",
                        client: CommerceLayerClient(
                            profile: try server.profile(environment, at: endpoint),
                            transport: AsyncHTTPClientTransport()))
                }
                try await body(server, try side(.test), try side(.live))
                await server.shutdown()
            } catch {
                await server.shutdown()
                throw error
            }
        }
    }

    static func verify(
        _ source: CloneEnvironment, _ target: CloneEnvironment,
        resources: [String] = ["price_lists", "shipping_categories", "skus", "prices"]
    ) async throws -> [TypeComparison] {
        let folder = TemporaryFolder.url("verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = """
            source: test
            target: live
            resources:
            \(resources.map { "  \($0):" }.joined(separator: "\n"))
            """
        let plan = try Planner().plan(PlanParser().parse(text, file: "verify.yml"))
        var job = VerifyJob(
            plan: plan, source: source.reading, target: target.reading, workdir: folder, events: RecordingEventSink())
        job.pollInterval = .milliseconds(50)
        return try await job.run()
    }

    @Test("two environments holding the same store are equal")
    func equalEnvironments() async throws {
        try await Self.withTwinStores { _, test, live in
            let comparisons = try await Self.verify(test, live)
            #expect(comparisons.map(\.type) == ["price_lists", "shipping_categories", "skus", "prices"])
            let findings = comparisons.flatMap(\.findings)
            #expect(findings.isEmpty)
            #expect(comparisons.first { $0.type == "prices" }?.sourceCount == 110)
        }
    }

    @Test("a deleted record, an extra one and a changed attribute are each reported with its identity")
    func differences() async throws {
        try await Self.withTwinStores { _, test, live in
            let client = live.client
            let skus = try await client.list("skus", query: Query().sort("code")).collect()
            let deleted = try #require(skus.first)
            let deletedCode = try #require(deleted["code"]?.stringValue)
            // What points at the SKU goes first: the API refuses to delete a record others point at.
            for type in ["prices", "stock_items", "sku_list_items"] as [ResourceType] {
                for child in try await client.list(type, query: Query().filter("sku_code", .eq, deletedCode)).collect()
                {
                    try await client.delete(type, id: child.id)
                }
            }
            try await client.delete("skus", id: deleted.id)
            let category = try #require(try await client.list("shipping_categories").collect().first)
            _ = try await client.create(
                "skus", attributes: ["code": "EXTRA-1", "name": "Extra"],
                relationships: ["shipping_category": .toOne(category.identifier)])
            let changed = try #require(try await client.list("prices", query: Query().sort("id")).collect().first)
            _ = try await client.update("prices", id: changed.id, attributes: ["amount_cents": 123_456])

            let comparisons = try await Self.verify(test, live)
            let skuComparison = try #require(comparisons.first { $0.type == "skus" })
            #expect(skuComparison.missing == ["code=\(deletedCode)"])
            #expect(skuComparison.extra == ["code=EXTRA-1"])
            let priceComparison = try #require(comparisons.first { $0.type == "prices" })
            #expect(priceComparison.different.count == 1)
            #expect(priceComparison.different.first?.fields == ["amount_cents"])
            #expect(priceComparison.missing.allSatisfy { $0.contains("sku=[code=\(deletedCode)]") })
            #expect(!priceComparison.missing.isEmpty)
        }
    }

    @Test("a record enabled in the target but disabled in the source is a difference in its state")
    func enabledState() async throws {
        try await Self.withTwinStores { _, test, live in
            let resources = ["shipping_methods"]
            let disabled = try await live.client.list("shipping_methods").collect().filter {
                $0["disabled_at"]?.stringValue != nil
            }
            #expect(disabled.count == 1, "the demo store holds one disabled shipping method")
            let record = try #require(disabled.first)
            // Twins whose disabled_at times differ are equal: the state counts, not its time.
            #expect(try await Self.verify(test, live, resources: resources).flatMap(\.findings).isEmpty)

            _ = try await live.client.update("shipping_methods", id: record.id, attributes: ["_enable": true])
            let comparisons = try await Self.verify(test, live, resources: resources)
            let methods = try #require(comparisons.first { $0.type == "shipping_methods" })
            #expect(methods.missing.isEmpty && methods.extra.isEmpty, "the state is not part of the identity")
            #expect(methods.different.map(\.fields) == [["disabled_at"]])
            #expect(comparisons.flatMap(\.findings).count == 1, "\(comparisons.flatMap(\.findings))")
        }
    }
}
