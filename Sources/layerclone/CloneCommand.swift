import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore

/// `layerclone clone`: clone a plan from one environment into another.
struct CloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Clone a plan's records from a source environment into a target.",
        discussion: """
            Exports the plan's types from the source, stages them, remaps every reference and
            writes them into the target in dependency order, then verifies the result and
            writes a report. Records the target already holds (same identity) are updated or
            left alone, never duplicated.

            Interrupted or failed? Run the same command again: it resumes the unfinished run
            of the same plan and environments (or `layerclone resume <run>`).

            Example: layerclone clone plans/store-setup.yml --source test --target live --allow-live
            """
    )

    @Argument(help: "The plan file (YAML).")
    var plan: String

    @OptionGroup var options: CloneOptions

    func run() async throws {
        let setup = options.setup(planPath: plan)
        let result = try await options.running(setup) {
            let job = try await setup.makeJob(
                resolver: options.profiles.resolver(), transport: AsyncHTTPClientTransport())
            return try await job.run()
        }
        try options.finish(result)
    }
}

/// `layerclone resume`: continue a run by its id.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a run by its id, with the plan and profiles it was started with.",
        discussion: "`layerclone status` lists runs. Running the same `clone` command again does the same."
    )

    @Argument(help: "The run id (a folder name under <workdir>/runs).")
    var runID: String

    @OptionGroup var options: CloneOptions

    func run() async throws {
        let info: RunInfo
        do {
            let directory = try RunDirectory.existing(id: runID, workdir: options.workdir.url)
            info = try RunJournal(path: directory.journalPath).run()
        } catch {
            options.endStream(after: error, events: options.setup(planPath: runID).events)
            throw error
        }
        var setup = options.setup(planPath: info.planPath)
        setup.sourceName = info.source
        setup.targetName = info.target
        let runID = runID
        let configured = setup
        let result = try await options.running(configured) {
            let job = try await configured.makeJob(
                resolver: options.profiles.resolver(), transport: AsyncHTTPClientTransport())
            return try await job.run(resuming: runID)
        }
        try options.finish(result)
    }
}
