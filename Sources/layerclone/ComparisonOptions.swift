import ArgumentParser
import Foundation
import LayerCloneCore

/// The arguments of the commands that read a plan's types from two environments and write
/// nothing (`verify`, `diff`).
struct ComparisonOptions: ParsableArguments {
    @Argument(help: "The plan file (YAML).")
    var plan: String

    @Option(name: .long, help: "Source profile (overrides the plan's `source`).")
    var source: String?

    @Option(name: .long, help: "Target profile (overrides the plan's `target`).")
    var target: String?

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @OptionGroup var workdir: WorkdirOptions

    @OptionGroup var profiles: ProfileOptions

    /// The setup for the plan and profiles (progress lines on standard error unless `--json`).
    func setup(in context: CommandContext) throws -> CloneSetup {
        var setup = CloneSetup(
            planPath: plan, workdir: try workdir.url(in: context),
            events: json ? RecordingEventSink() : LineEventSink(write: context.standardError.write))
        setup.sourceName = source
        setup.targetName = target
        setup.clients.clock = context.clock
        return setup
    }
}
