import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore

/// `layerclone snapshot`: save a plan's records from an environment into one file.
struct SnapshotCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save a plan's records from an environment into a snapshot file.",
        discussion: """
            Reads the plan's types from the source, applies the plan's transforms and writes
            one portable file (SQLite) holding the staged records and the plan. Replay it into
            any environment with `layerclone seed FILE --target P`.

            Example: layerclone snapshot plans/store-setup.yml --source test --out store.lcsnap
            """
    )

    @Argument(help: "The plan file (YAML).")
    var plan: String

    @Option(name: .long, help: "Source profile (overrides the plan's `source`).")
    var source: String?

    @Option(name: .long, help: "The snapshot file to write (.lcsnap).")
    var out: String

    @OptionGroup var workdir: WorkdirOptions

    @OptionGroup var profiles: ProfileOptions

    func run(in context: CommandContext) async throws {
        var setup = CloneSetup(
            planPath: plan, workdir: try workdir.url(in: context),
            events: LineEventSink(write: context.standardError.write))
        setup.sourceName = source
        setup.clients.clock = context.clock
        let job = try setup.makeSnapshotJob(
            output: out, resolver: profiles.resolver(in: context), transport: context.transport())
        let counts = try await SignalCancellation.run { try await job.run() }
        for (type, records) in counts { context.standardOutput.print("\(type): \(records)") }
        context.standardOutput.print("snapshot: \(out) (\(counts.map(\.records).reduce(0, +)) records)")
    }
}

/// `layerclone seed`: replay a snapshot into an environment.
struct SeedCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Replay a snapshot into an environment, with the same rules as clone.",
        discussion: """
            Writes the snapshot's records into the target in dependency order, matching
            records the target already holds by identity (seeding twice changes nothing), with
            the same journal and resume as `clone`.

            Example: layerclone seed store.lcsnap --target staging
            """
    )

    @Argument(help: "The snapshot file (.lcsnap), or a folder in the format of Commerce Layer's seeder.")
    var snapshot: String

    @OptionGroup var options: CloneOptions

    @OptionGroup var restart: RestartOption

    func validate() throws {
        guard options.target != nil else { throw ValidationError("seed needs --target PROFILE") }
    }

    func run(in context: CommandContext) async throws {
        var configured = try options.setup(planPath: snapshot, in: context)
        configured.runOptions.restart = restart.restart
        let setup = configured
        let resolver = options.profiles.resolver(in: context)
        let result = try await options.running(setup) {
            let job = try await setup.makeSeedJob(resolver: resolver, transport: context.transport())
            return try await job.run()
        }
        try options.finish(result, in: context)
    }
}
