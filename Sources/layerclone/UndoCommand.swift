import ArgumentParser
import LayerCloneCore

/// `layerclone undo`: take back what one run did to its target.
struct UndoCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Take back what a clone, seed or apply run did to its target.",
        discussion: """
            Deletes the records the run created (children before parents), puts back the
            fields and parents of the records it updated, and creates again what it deleted
            with --prune, from the before-images the run journaled before writing. A record
            changed in the target since the run wrote it is left as it is and listed (--force
            reverts it too). Ends with "reverted" (exit 0) or "partially reverted: N records
            left, see report" (exit 2). Killed, the same command goes on; run twice, it changes
            nothing the second time. --dry-run says what it would do and writes nothing.

            Example: layerclone undo 20261203-101500-a1b2c3 --allow-live --dry-run
            """
    )

    @Argument(help: "The id of the run to undo (see `layerclone status`).")
    var run: String

    @Option(name: .long, help: "Target profile (default: the profile the run wrote to).")
    var target: String?

    @Flag(name: .long, help: "Allow writing to a live environment.")
    var allowLive = false

    @Flag(name: .long, help: "Revert records changed in the target since the run wrote them, too.")
    var force = false

    @Flag(name: .long, help: "Say what undo would do; write nothing.")
    var dryRun = false

    @OptionGroup var workdir: WorkdirOptions

    @OptionGroup var profiles: ProfileOptions

    func run(in context: CommandContext) async throws {
        var setup = CloneSetup(
            planPath: "", workdir: try workdir.url(in: context),
            events: LineEventSink(write: context.standardError.write))
        setup.targetName = target
        setup.allowLive = allowLive || dryRun
        setup.clients.clock = context.clock
        let configured = setup
        let resolver = profiles.resolver(in: context)
        let (runID, force, dryRun) = (run, force, dryRun)
        let result = try await SignalCancellation.run {
            var job = try await configured.makeUndoJob(
                runID: runID, resolver: resolver, transport: context.transport())
            job.force = force
            job.dryRun = dryRun
            job.crash = CrashPoints(environment: context.environment)
            return try await job.run()
        }
        context.standardOutput.print(result.summary)
        for line in result.left.prefix(20) {
            context.standardOutput.print("  left \(line.type) \(line.identity): \(line.reason)")
        }
        context.standardOutput.print("report: \(result.reportPath)")
        if !result.isComplete { throw ExitStatus.finishedWithRejections.exitCode }
    }
}
