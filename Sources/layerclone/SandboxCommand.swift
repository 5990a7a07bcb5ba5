import ArgumentParser
import Benchmarks
import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import ServiceLifecycle
import UnixSignals

/// `layerclone sandbox`: the local Commerce Layer.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local Commerce Layer (test and live environments) for tests and rehearsals.",
        subcommands: [Serve.self, Bench.self]
    )

    /// `layerclone sandbox serve`.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the sandbox until SIGINT or SIGTERM.",
            discussion: """
                Example: layerclone sandbox serve --port 0 --seed demo --scale 1 --json
                prints {"base_url","auth_url","organization","environments":{"test":{"client_id",
                "client_secret"},"live":{…}}} once it listens. Faults: \
                http500=0.05,http503=0.02,http429=0.05,reset=0.01,lost_response=0.05,latency=50ms.
                """
        )

        @Option(help: "Address to bind.") var host = "127.0.0.1"
        @Option(help: "Port to bind; 0 picks a free one.") var port = 0
        @Option(help: "Seed data: 'demo' or the path of a seed dataset JSON file.") var seed: String?
        @Option(name: .customLong("seed-env"), help: "Environment that receives the seed (test|live).")
        var seedEnvironment = "test"
        @Option(help: "Scale of the demo store (1 ≈ 400 records).") var scale = 1
        @Option(help: "Faults to inject, e.g. http500=0.05,reset=0.01,latency=50ms.") var faults = "none"
        @Option(name: .customLong("fault-seed"), help: "Seed of the fault sequence.") var faultSeed: UInt64 = 1
        @Option(name: .customLong("rate-limits"), help: "real, off, or a factor applied to the budgets.")
        var rateLimits = "real"
        @Option(name: .customLong("token-lifetime"), help: "Token lifetime in seconds.") var tokenLifetime = 7200
        @Option(help: "SQLite file for the records (default: in memory).") var database: String?
        @Flag(help: "Print the connection object as one JSON line.") var json = false
        @Option(
            help: "Timing profile (realistic): job speeds, request latency, real rate limits; overrides those switches."
        )
        var profile: String?
        @Flag(
            help: """
                The harder alternative of every behaviour switch at once, with 5% HTTP 500, 5% 429, 2% \
                connection resets and 5% failed jobs (README, Sandbox, Strict).
                """)
        var strict = false
        @OptionGroup var jobOptions: SandboxJobOptions

        func validate() throws {
            if strict {
                var given = jobOptions.behaviourSwitchesGiven
                if faults != "none" { given.append("--faults") }
                if tokenLifetime != 7200 { given.append("--token-lifetime") }
                if rateLimits != "real" { given.append("--rate-limits") }
                guard given.isEmpty else {
                    throw ValidationError(
                        "--strict sets the faults and every behaviour switch itself; drop \(given.joined(separator: ", "))"
                    )
                }
            }
            guard SandboxConfiguration.RateLimits(argument: rateLimits) != nil else {
                throw ValidationError("--rate-limits must be real, off or a positive number, got \(rateLimits)")
            }
            guard SandboxEnvironment(rawValue: seedEnvironment) != nil else {
                throw ValidationError("--seed-env must be test or live, got \(seedEnvironment)")
            }
            guard scale >= 1 else { throw ValidationError("--scale must be at least 1") }
            if let profile, TimingProfile.all[profile] == nil {
                throw ValidationError("--profile must be one of \(TimingProfile.all.keys.sorted()), got \(profile)")
            }
            do { _ = try FaultSpec.parse(try JobFailureSwitch.split(faults).rest) } catch {
                throw ValidationError("--faults: \(error)")
            }
        }

        func run() async throws {
            var configuration = SandboxConfiguration()
            configuration.server.host = host
            configuration.server.port = port
            configuration.limits.rateLimits = SandboxConfiguration.RateLimits(argument: rateLimits)!
            configuration.conditions.faults = try FaultSpec.parse(
                try jobOptions.apply(to: &configuration, faults: faults))
            configuration.conditions.faultSeed = faultSeed
            configuration.server.tokenLifetime = tokenLifetime
            configuration.server.databasePath = database
            if let profile, let timing = TimingProfile.all[profile] { configuration.apply(timing) }
            if strict { configuration.applyStrict() }
            let server = try SandboxServer(configuration: configuration)
            let environment = SandboxEnvironment(rawValue: seedEnvironment)!
            if let seed { try await load(seed, into: server, environment: environment) }
            let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
            let endpoint = try await server.start()
            FileHandle.standardOutput.write(Data((connectionText(server: server, endpoint: endpoint) + "\n").utf8))
            for await _ in signals { break }
            await server.shutdown()
        }

        /// Loads the demo store or a seed file; a missing file is a usage error (64), a bad one
        /// bad data (65), both naming the file.
        private func load(_ seed: String, into server: SandboxServer, environment: SandboxEnvironment) async throws {
            guard seed != "demo" else {
                try await server.seed(DemoStoreGenerator(scale: scale).dataset(), into: environment)
                return
            }
            guard FileManager.default.fileExists(atPath: seed) else {
                throw CommandFailure(
                    .usage,
                    "--seed: no file \(seed); pass `demo` or the path of a seed dataset JSON file "
                        + "(format: README, Sandbox, Seed format)")
            }
            do {
                try await server.seed(try SeedDataset.load(path: seed), into: environment)
            } catch let error as SeedError {
                if case .invalidFile = error { throw CommandFailure(.badPlanOrData, "\(error)") }
                throw CommandFailure(.badPlanOrData, "seed file \(seed): \(error); nothing was served")
            }
        }

        private func connectionText(server: SandboxServer, endpoint: SandboxServer.Endpoint) -> String {
            let environments = JSONValue.object(
                Dictionary(
                    uniqueKeysWithValues: SandboxEnvironment.allCases.map { environment in
                        let credentials = server.credentials[environment]!
                        return (
                            environment.rawValue,
                            JSONValue.object([
                                "client_id": .string(credentials.clientID),
                                "client_secret": .string(credentials.clientSecret),
                            ])
                        )
                    }))
            if json {
                return JSONValue.object([
                    "base_url": .string(endpoint.baseURL), "auth_url": .string(endpoint.authURL),
                    "organization": .string(server.organizationSlug), "environments": environments,
                ]).canonicalJSON
            }
            var lines = [
                "Sandbox for organization \(server.organizationSlug) listening on \(endpoint.baseURL) (API under /api)",
                "Token URL: \(endpoint.authURL)",
            ]
            for environment in SandboxEnvironment.allCases {
                let credentials = server.credentials[environment]!
                lines.append(
                    "\(environment.rawValue): client_id=\(credentials.clientID) client_secret=\(credentials.clientSecret)"
                )
            }
            lines.append("Stop with Ctrl-C.")
            return lines.joined(separator: "\n")
        }
    }

    /// `layerclone sandbox bench`.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Load N records into a sandbox store and print seed time and filtered-list latency as JSON."
        )

        @Option(help: "Number of records to load.") var records = 1_000_000

        func validate() throws {
            guard records >= 1 else { throw ValidationError("--records must be at least 1") }
        }

        func run() throws {
            print(try SandboxBenchmark.run(records: records).canonicalJSON)
        }
    }
}
