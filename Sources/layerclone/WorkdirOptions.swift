import ArgumentParser
import Foundation

/// The `--workdir` option shared by the commands that keep runs.
struct WorkdirOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Folder holding the runs (journals, staging, reports); LAYERCLONE_WORKDIR, else .layerclone.")
    var workdir: String?

    /// Whether the work directory is the default one (`.layerclone` in the current folder),
    /// so commands suggested to the user need no `--workdir`.
    var isDefault: Bool {
        url == URL(fileURLWithPath: ".layerclone", isDirectory: true).standardizedFileURL
    }

    /// The work directory: flag, then environment, then `.layerclone` in the current folder.
    var url: URL {
        let path = workdir ?? ProcessInfo.processInfo.environment["LAYERCLONE_WORKDIR"] ?? ".layerclone"
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }
}
