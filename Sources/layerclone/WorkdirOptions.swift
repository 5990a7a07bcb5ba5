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
    func isDefault(in context: CommandContext) -> Bool {
        workdir == nil && context.environment["LAYERCLONE_WORKDIR"] == nil
    }

    /// The work directory: flag, then the context's environment, then `.layerclone` in the
    /// current folder, checked and created (see `WorkFolder`); warnings go to the context's
    /// standard error.
    /// - Throws: `WorkFolderError` (a usage error naming the path) for an empty path, a file,
    ///   a path under a file, or a folder that cannot be created or written.
    func url(in context: CommandContext) throws -> URL { try checked(create: true, in: context) }

    /// The work directory checked for reading only: nothing is created.
    func existingURL(in context: CommandContext) throws -> URL { try checked(create: false, in: context) }

    private func checked(create: Bool, in context: CommandContext) throws -> URL {
        let environment = context.environment["LAYERCLONE_WORKDIR"]
        let (path, origin) =
            if let workdir { (workdir, "--workdir") } else if let environment {
                (environment, "LAYERCLONE_WORKDIR")
            } else { (".layerclone", "the default") }
        for warning in try WorkFolder.prepare(path, origin: origin, create: create) {
            context.standardError.print("warning: \(warning)")
        }
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }
}
