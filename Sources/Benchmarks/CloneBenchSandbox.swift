import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox

/// The sandbox of `bench clone`: a demo store seeded in test, served with a timing profile
/// by a child process (this binary with a hidden flag), so the parent's memory is layerclone's
/// alone.
package enum CloneBenchSandbox {
    /// One environment's API credentials.
    package struct Credentials: Sendable {
        package var clientID: String
        package var clientSecret: String
    }

    /// How to reach the child's sandbox, and what it seeded.
    package struct Handle: Sendable {
        package var baseURL: URL
        package var authURL: URL
        package var test: Credentials
        package var live: Credentials
        /// Records seeded in test, per type.
        package var counts: [ResourceType: Int]
        package var stop: @Sendable () async -> Void
    }

    /// Demo-store scale that seeds about `records` records of `types`.
    package static func scale(forRecords records: Int, types: Set<ResourceType>) -> Int {
        func count(_ scale: Int) -> Int {
            DemoStoreGenerator(scale: scale).dataset().groups.filter { types.contains($0.type) }
                .reduce(0) { $0 + $1.records.count }
        }
        let one = count(1)
        let perScale = max(1, count(2) - one)
        return max(1, Int((Double(records - one) / Double(perScale)).rounded()) + 1)
    }

    /// Per type of `plan`, the seeded records whose to-many relationships to types of the plan
    /// are not empty, counting only relationships the imports do not carry: what the clone
    /// sets with one PATCH each (the demo store is deterministic).
    package static func toManyRecords(scale: Int, plan: ExecutionPlan) -> [ResourceType: Int] {
        var counts: [ResourceType: Int] = [:]
        for group in DemoStoreGenerator(scale: scale).dataset().groups {
            guard let step = plan.step(group.type) else { continue }
            let relationships = step.references.filter { reference in
                reference.isToMany && !reference.carriedByImport && reference.targets.contains { plan.step($0) != nil }
            }.map(\.relationship)
            guard !relationships.isEmpty else { continue }
            counts[group.type, default: 0] +=
                group.records.filter { record in
                    relationships.contains { !(record.relationships[$0] ?? []).isEmpty }
                }.count
        }
        return counts
    }

    /// Runs as the child: seeds, serves, prints one JSON line (connection and counts), and
    /// stops when standard input reaches its end.
    package static func serveUntilStdinCloses(profile: TimingProfile, scale: Int) async throws {
        var configuration = SandboxConfiguration()
        configuration.apply(profile)
        let server = try SandboxServer(configuration: configuration)
        let dataset = DemoStoreGenerator(scale: scale).dataset()
        try await server.seed(dataset, into: .test)
        var counts: [String: JSONValue] = [:]
        for group in dataset.groups {
            counts[group.type.rawValue] = .int(
                Int64(group.records.count) + (counts[group.type.rawValue]?.intValue ?? 0))
        }
        let endpoint = try await server.start()
        func credentials(_ environment: SandboxEnvironment) -> JSONValue {
            let value = server.credentials[environment]!
            return ["client_id": .string(value.clientID), "client_secret": .string(value.clientSecret)]
        }
        let line: JSONValue = [
            "base_url": .string(endpoint.baseURL), "auth_url": .string(endpoint.authURL),
            "test": credentials(.test), "live": credentials(.live), "counts": .object(counts),
        ]
        await ChildProcess.announceAndWaitForParent(line)
        await server.shutdown()
    }

    /// Starts this binary with `arguments` (the command line that runs
    /// `serveUntilStdinCloses(profile:scale:)`) and reads the child's line.
    package static func startChild(arguments: [String]) async throws -> Handle {
        let child = try await ChildProcess.start(arguments: arguments)
        let text = child.firstLine
        let stop = child.stop
        func credentials(_ value: JSONValue?) -> Credentials? {
            guard let id = value?["client_id"]?.stringValue, let secret = value?["client_secret"]?.stringValue
            else { return nil }
            return Credentials(clientID: id, clientSecret: secret)
        }
        guard let json = try? JSONValue.parse(text),
            let base = json["base_url"]?.stringValue.flatMap(URL.init(string:)),
            let auth = json["auth_url"]?.stringValue.flatMap(URL.init(string:)),
            let test = credentials(json["test"]), let live = credentials(json["live"])
        else {
            await stop()
            throw BenchmarkError("the sandbox child process did not start (exit status \(child.terminationStatus()))")
        }
        var counts: [ResourceType: Int] = [:]
        for (type, count) in json["counts"]?.objectValue ?? [:] {
            counts[ResourceType(type)] = Int(count.intValue ?? 0)
        }
        return Handle(baseURL: base, authURL: auth, test: test, live: live, counts: counts, stop: stop)
    }
}
