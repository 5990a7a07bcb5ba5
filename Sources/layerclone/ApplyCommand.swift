import ArgumentParser
import LayerCloneCore

/// `layerclone apply`: write a saved diff into the target it was taken against.
struct ApplyCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write a saved diff (from `layerclone diff --out`) into its target.",
        discussion: """
            Writes exactly the records the diff lists, from the source records saved with it,
            with the same journal, resume and report as `clone`. A record changed in the
            target since the diff was taken (its fingerprint differs) is left as it is and
            listed, and the run ends with exit code 2; --force writes it anyway. Records the
            diff does not list are never written.

            Example: layerclone apply changes.lcdiff --allow-live
            """
    )

    @Argument(help: "The saved diff (.lcdiff).")
    var diff: String

    @Flag(name: .long, help: "Write the diff's records even where the target changed since the diff was taken.")
    var force = false

    @OptionGroup var options: CloneOptions

    @OptionGroup var restart: RestartOption

    func validate() throws {
        guard options.source == nil else {
            throw ValidationError("apply writes the records saved in the diff; --source does not apply to it")
        }
        guard !options.overwriteDrift else {
            throw ValidationError("apply checks the diff's own fingerprints; use --force instead of --overwrite-drift")
        }
    }

    func run(in context: CommandContext) async throws {
        var configured = try options.setup(planPath: diff, in: context)
        configured.runOptions.restart = restart.restart
        let setup = configured
        let resolver = options.profiles.resolver(in: context)
        let force = force
        let result = try await options.running(setup) {
            let job = try await setup.makeApplyJob(resolver: resolver, transport: context.transport(), force: force)
            return try await job.run()
        }
        try options.finish(result, in: context, driftHint: force ? nil : "--force writes them")
    }
}
