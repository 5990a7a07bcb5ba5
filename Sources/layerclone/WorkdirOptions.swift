import ArgumentParser
import Foundation
import LayerCloneCore

/// The `--workdir` option shared by the commands that keep runs.
struct WorkdirOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Folder holding the runs (journals, staging, reports); LAYERCLONE_WORKDIR, else .layerclone.")
    var workdir: String?

    /// Whether the work directory is the default one (`.layerclone` in the current folder),
    /// so commands suggested to the user need no `--workdir`.
    var isDefault: Bool {
        workdir == nil && ProcessInfo.processInfo.environment["LAYERCLONE_WORKDIR"] == nil
    }

    /// The work directory: flag, then environment, then `.layerclone` in the current folder,
    /// checked and created (see `WorkFolder`); warnings go to standard error.
    /// - Throws: `WorkFolderError` (a usage error naming the path) for an empty path, a file,
    ///   a path under a file, or a folder that cannot be created or written.
    var url: URL {
        get throws { try checked(create: true) }
    }

    /// The work directory checked for reading only: nothing is created.
    var existingURL: URL {
        get throws { try checked(create: false) }
    }

    private func checked(create: Bool) throws -> URL {
        let environment = ProcessInfo.processInfo.environment["LAYERCLONE_WORKDIR"]
        let (path, origin) =
            if let workdir { (workdir, "--workdir") } else if let environment {
                (environment, "LAYERCLONE_WORKDIR")
            } else { (".layerclone", "the default") }
        for warning in try WorkFolder.prepare(path, origin: origin, create: create) {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }
}
