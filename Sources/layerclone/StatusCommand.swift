import ArgumentParser
import Foundation
import LayerCloneCore

/// `layerclone status`: where a run stands.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where a run stands (the newest run when none is named).",
        discussion: "Reads the run's journal; it changes nothing and makes no API call."
    )

    @Argument(help: "The run id (a folder name under <workdir>/runs).")
    var runID: String?

    @OptionGroup var workdir: WorkdirOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let folder = try workdir.existingURL
        let directory: RunDirectory
        if let runID {
            directory = try RunDirectory.existing(id: runID, workdir: folder)
        } else {
            guard let newest = RunDirectory.all(workdir: folder).first else {
                throw CommandFailure(.usage, "no runs in \(folder.path)/runs; start one with `layerclone clone`")
            }
            directory = newest
        }
        let status = try RunStatus(directory: directory)
        print(json ? status.json.canonicalJSON : status.text, terminator: json ? "\n" : "")
    }
}
