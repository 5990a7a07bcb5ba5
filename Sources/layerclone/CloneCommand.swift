import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore

/// `layerclone clone`: clone a plan from one environment into another.
struct CloneCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Clone a plan's records from a source environment into a target.",
        discussion: """
            Exports the plan's types from the source, stages them, remaps every reference and
            writes them into the target in dependency order, then verifies the result and
            writes a report. Records the target already holds (same identity) are updated or
            left alone, never duplicated.

            Interrupted or failed? Run the same command again: it resumes the unfinished run
            of the same plan and environments (or `layerclone resume <run>`). A run whose
            journal or staging files are damaged stops (exit 65) naming the file; `--restart`
            then starts afresh.

            Example: layerclone clone plans/store-setup.yml --source test --target live --allow-live
            """
    )

    @Argument(help: "The plan file (YAML).")
    var plan: String

    @OptionGroup var options: CloneOptions

    @OptionGroup var restart: RestartOption

    func run(in context: CommandContext) async throws {
        var configured = try options.setup(planPath: plan, in: context)
        configured.runOptions.restart = restart.restart
        let setup = configured
        let result = try await options.running(setup) {
            let job = try await setup.makeJob(
                resolver: options.profiles.resolver(in: context), transport: context.transport())
            return try await job.run()
        }
        try options.finish(result, in: context)
    }
}

/// `layerclone resume`: continue a run by its id.
struct ResumeCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a run by its id, with the plan and profiles it was started with.",
        discussion: "`layerclone status` lists runs. Running the same `clone` command again does the same."
    )

    @Argument(help: "The run id (a folder name under <workdir>/runs).")
    var runID: String

    @OptionGroup var options: CloneOptions

    func run(in context: CommandContext) async throws {
        let info: RunInfo
        let folder: URL
        do {
            folder = try options.workdir.url(in: context)
            let directory = try RunDirectory.existing(id: runID, workdir: folder)
            info = try RunJournal(path: directory.journalPath).run()
        } catch {
            options.endStream(after: error, events: options.events(in: context))
            throw error
        }
        var setup = try options.setup(planPath: info.planPath, workdir: folder, in: context)
        setup.sourceName = info.source
        setup.targetName = info.target
        let runID = runID
        let configured = setup
        let result = try await options.running(configured) {
            let job = try await configured.makeJob(
                resolver: options.profiles.resolver(in: context), transport: context.transport())
            return try await job.run(resuming: runID)
        }
        try options.finish(result, in: context)
    }
}

/// `--restart` of `clone` and `seed`.
struct RestartOption: ParsableArguments {
    @Flag(
        name: .long,
        help: """
            Start afresh instead of resuming: set aside the unfinished runs of the same plan and \
            environments (and any whose journal cannot be read), once the target's running \
            layerclone imports have settled.
            """)
    var restart = false
}
