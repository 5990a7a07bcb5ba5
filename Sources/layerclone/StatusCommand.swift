import ArgumentParser
import Foundation
import LayerCloneCore
import ResourceCatalog

/// `layerclone status`: where a run stands, or the runs of the work folder.
struct StatusCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where a run stands, or list the runs of the work folder when none is named.",
        discussion: """
            Reads the runs' journals; it changes nothing and makes no API call. A run is running
            only while a process holds it; one stopped by Ctrl-C or killed is interrupted, one
            stopped by an error failed (both resume with the command shown).
            """
    )

    @Argument(help: "The run id (a folder name under <workdir>/runs).")
    var runID: String?

    @OptionGroup var workdir: WorkdirOptions

    @Flag(name: .long, help: "Print JSON (one document for a run, an array when listing).")
    var json = false

    func run(in context: CommandContext) throws {
        let output = context.standardOutput
        let folder = try workdir.existingURL(in: context)
        let workdirArgument = workdir.isDefault(in: context) ? nil : folder.path
        guard let runID else {
            let runs = try RunDirectory.all(workdir: folder).map { directory in
                var status = try RunStatus(directory: directory)
                status.workdirArgument = workdirArgument
                return status
            }
            if json {
                output.print(JSONValue.array(runs.map(\.json)).canonicalJSON)
            } else if runs.isEmpty {
                output.print("no runs in \(folder.path)/runs; start one with `layerclone clone PLAN`")
            } else {
                output.print("runs in \(folder.path)/runs, newest first:")
                for status in runs { output.print("  \(status.summary)") }
                output.print("details: layerclone status RUN" + (workdirArgument.map { " --workdir \($0)" } ?? ""))
            }
            return
        }
        var status = try RunStatus(directory: RunDirectory.existing(id: runID, workdir: folder))
        status.workdirArgument = workdirArgument
        output.print(json ? status.json.canonicalJSON : status.text, terminator: json ? "\n" : "")
    }
}
