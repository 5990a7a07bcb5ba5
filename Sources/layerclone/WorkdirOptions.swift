import ArgumentParser
import Foundation

/// The `--workdir` option shared by the commands that keep runs.
struct WorkdirOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Folder holding the runs (journals, staging, reports); LAYERCLONE_WORKDIR, else .layerclone.")
    var workdir: String?

    /// The work directory: flag, then environment, then `.layerclone` in the current folder.
    var url: URL {
        let path = workdir ?? ProcessInfo.processInfo.environment["LAYERCLONE_WORKDIR"] ?? ".layerclone"
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }
}
