import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

@Suite("Snapshot and seed")
struct SnapshotSeedTests {
    static let planText = """
        source: test
        target: live
        resources:
          price_lists:
          tags:
          skus:
          prices:
          stock_locations:
          stock_items:
        """

    @Test("snapshot, seed into an empty environment, verify equal; seeding again writes nothing")
    func snapshotSeedVerify() async throws {
        try await DemoStoreFixture.with { fixture in
            let (folder, server) = (fixture.folder, fixture.server)
            func profile(_ environment: SandboxEnvironment) throws -> Profile { try fixture.profile(environment) }
            let transport = AsyncHTTPClientTransport()
            let plan = try Planner().plan(PlanParser().parse(Self.planText, file: "snapshot.yml"))
            let source = CloneEnvironment(
                name: "test", client: CommerceLayerClient(profile: try profile(.test), transport: transport))
            let output = folder.appendingPathComponent("store.lcsnap").path
            var snapshotJob = SnapshotJob(
                plan: plan, planText: Self.planText, source: source, output: output, workdir: folder,
                events: RecordingEventSink())
            snapshotJob.pollInterval = .milliseconds(50)
            let counts = try await snapshotJob.run()
            #expect(counts.first { $0.type == "prices" }?.records == 110)
            let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let snapshot = try SnapshotFile(path: output)
            var setup = CloneSetup(planPath: output, workdir: folder, events: RecordingEventSink())
            setup.allowLive = true
            func seed() async throws -> CloneResult {
                var job = try await setup.makeSeedJob(
                    snapshot: snapshot, plan: plan, target: try profile(.live), transport: transport)
                job.runOptions.pollInterval = .milliseconds(50)
                return try await job.run()
            }
            let first = try await seed()
            #expect(first.totals.created == first.totals.sourceRecords)
            let unequal = first.verification.filter { !$0.isEqual }.map(\.type)
            #expect(unequal.isEmpty, "\(first.verification.flatMap(\.findings).prefix(5))")
            for type in plan.steps.map(\.type) {
                let live = try await server.count(type, in: .live)
                let test = try await server.count(type, in: .test)
                #expect(live == test, "\(type)")
            }

            let target = CloneEnvironment(
                name: "live", client: CommerceLayerClient(profile: try profile(.live), transport: transport))
            var verify = VerifyJob(
                plan: plan, source: source.reading, target: target.reading, workdir: folder,
                events: RecordingEventSink())
            verify.pollInterval = .milliseconds(50)
            let findings = try await verify.run().flatMap(\.findings)
            #expect(findings.isEmpty)

            let second = try await seed()
            #expect(second.runID != first.runID)
            #expect(second.totals.created == 0)
            #expect(second.totals.updated == 0)
            #expect(second.totals.unchanged == second.totals.sourceRecords)
        }
    }

    @Test("a folder in the seeder's format seeds an empty environment; seeding it again writes nothing")
    func seederFolder() async throws {
        try await SandboxSlots.run {
            var configuration = SandboxConfiguration()
            configuration.limits.rateLimits = .off
            let server = try SandboxServer(configuration: configuration)
            let endpoint = try await server.start()
            let folder = TemporaryFolder.url("seeder")
            defer { try? FileManager.default.removeItem(at: folder) }
            do {
                let data = folder.appendingPathComponent("data")
                try SeederFolderSample.write(to: data)
                let credentials = server.credentials[.live]!
                func seed() async throws -> CloneResult {
                    var setup = CloneSetup(planPath: data.path, workdir: folder, events: RecordingEventSink())
                    setup.allowLive = true
                    setup.targetName = "live"
                    let resolver = ProfileResolver(
                        environment: [
                            "LAYERCLONE_LIVE_CLIENT_ID": credentials.clientID,
                            "LAYERCLONE_LIVE_CLIENT_SECRET": credentials.clientSecret,
                            "LAYERCLONE_LIVE_BASE_URL": endpoint.baseURL, "LAYERCLONE_LIVE_AUTH_URL": endpoint.authURL,
                        ], credentialsFile: nil)
                    var job = try await setup.makeSeedJob(resolver: resolver, transport: AsyncHTTPClientTransport())
                    job.runOptions.pollInterval = .milliseconds(50)
                    return try await job.run()
                }
                let first = try await seed()
                #expect(first.totals.created == 8)
                #expect(first.totals.rejected == 0)
                #expect(try await server.count("prices", in: .live) == 3)
                #expect(try await server.count("skus", in: .live) == 3)
                let second = try await seed()
                #expect(second.totals.created == 0)
                #expect(second.totals.updated == 0)
                #expect(second.totals.unchanged == 8)
                await server.shutdown()
            } catch {
                await server.shutdown()
                throw error
            }
        }
    }

    @Test("a file that is not a snapshot is refused with a message naming it")
    func notASnapshot() throws {
        let path = TemporaryFolder.url("plain", suffix: ".lcsnap")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("not sqlite".utf8)))
        #expect {
            _ = try SnapshotFile(path: path)
        } throws: { error in
            "\(error)".contains(path)
        }
    }
}
