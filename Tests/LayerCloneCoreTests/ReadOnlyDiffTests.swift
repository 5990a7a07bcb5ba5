import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog
import Testing

/// `diff` cannot write: a `DiffJob` reaches the API only through `ReadOnlyClient`, which has
/// no create, update, delete or import.
@Suite("Diff reads only")
struct ReadOnlyDiffTests {
    @Test("a DiffJob holds no writing client, while a clone side does (the search finds one)")
    func noWritingClient() throws {
        let client = try Self.client()
        let side = CloneEnvironment(name: "test", client: client)
        let plan = try Planner().plan(PlanParser().parse("resources:\n  skus:\n", file: "diff.yml"))
        let job = DiffJob(
            plan: plan, planText: "", source: side.reading, target: side.reading,
            workdir: FileManager.default.temporaryDirectory, events: RecordingEventSink())
        #expect(Self.writingClients(in: job, path: "job") == [])
        #expect(Self.writingClients(in: side, path: "side") == ["side.client"])
    }

    /// The paths at which `value` holds a `CommerceLayerClient` other than inside a
    /// `ReadOnlyClient` (the one place allowed to hold one, privately).
    static func writingClients(in value: Any, path: String, depth: Int = 0) -> [String] {
        if value is ReadOnlyClient { return [] }
        if value is CommerceLayerClient { return [path] }
        guard depth < 8 else { return [] }
        return Mirror(reflecting: value).children.flatMap { child in
            writingClients(in: child.value, path: "\(path).\(child.label ?? "?")", depth: depth + 1)
        }
    }

    private static func client() throws -> CommerceLayerClient {
        let profile = try Profile(
            name: "test", clientID: "id", clientSecret: Secret("secret"),
            baseURL: URL(string: "http://127.0.0.1:9/")!, tokenURL: URL(string: "http://127.0.0.1:9/oauth/token")!)
        return CommerceLayerClient(
            profile: profile, transport: StubTransport { _ in throw CancellationError() })
    }
}
