import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks (and, for commands that write runs, creates) the work folder before anything is
/// written in it, so a bad `--workdir` is a usage error naming the path, never a raw I/O
/// error deep in a run.
///
/// A folder that others can write to is used, with a warning: it may be a folder the user
/// shares on purpose, and changing the mode of a folder layerclone did not create is not its
/// business. The runs inside are created readable by the user only (0700) either way.
package enum WorkFolder {
    /// Checks the work folder at `path`.
    /// - Parameters:
    ///   - origin: where the path came from, for messages (`--workdir`, `LAYERCLONE_WORKDIR`).
    ///   - create: create it (mode 0700, with missing parents) when it does not exist; commands
    ///     that only read runs pass false.
    /// - Returns: warnings to show (a folder writable by others).
    /// - Throws: `WorkFolderError` naming the path and what is wrong.
    package static func prepare(_ path: String, origin: String, create: Bool) throws(WorkFolderError) -> [String] {
        guard !path.isEmpty else {
            throw WorkFolderError(
                path: path, origin: origin,
                reason: "it is empty; name a folder, or leave it out to use .layerclone in the current folder")
        }
        let url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw WorkFolderError(path: url.path, origin: origin, reason: "it is a file, not a folder")
            }
        } else {
            let (ancestor, missing) = nearestExisting(url)
            var ancestorIsFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &ancestorIsFolder),
                !ancestorIsFolder.boolValue
            {
                throw WorkFolderError(
                    path: url.path, origin: origin,
                    reason: "\(ancestor.path) is a file, so no folder can be made under it")
            }
            guard create else { return [] }
            var current = ancestor
            for name in missing {
                current = current.appendingPathComponent(name, isDirectory: true)
                if mkdir(current.path, 0o700) != 0, errno != EEXIST {
                    throw WorkFolderError(
                        path: url.path, origin: origin,
                        reason: "cannot create \(current.path): \(String(cString: strerror(errno)))")
                }
            }
        }
        let runs = url.appendingPathComponent("runs").path
        var runsIsFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: runs, isDirectory: &runsIsFolder), !runsIsFolder.boolValue {
            throw WorkFolderError(
                path: url.path, origin: origin, reason: "\(runs) is a file; runs are kept in a folder of that name")
        }
        guard access(url.path, create ? (R_OK | W_OK | X_OK) : (R_OK | X_OK)) == 0 else {
            throw WorkFolderError(
                path: url.path, origin: origin,
                reason: "\(create ? "cannot write in it" : "cannot read it"): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard stat(url.path, &info) == 0 else { return [] }
        let mode = Int(info.st_mode) & 0o7777
        guard mode & 0o022 != 0 else { return [] }
        return [
            "work folder \(url.path) has mode \(String(mode, radix: 8)): others can write in it. Runs inside are "
                + "readable by you only, but use a folder only you can write to (`chmod 700 \(url.path)`)"
        ]
    }

    /// The deepest existing folder (or file) on the way to `url`, and the names below it.
    private static func nearestExisting(_ url: URL) -> (URL, [String]) {
        var current = url
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing.insert(current.lastPathComponent, at: 0)
            current = current.deletingLastPathComponent()
        }
        return (current, missing)
    }
}

/// A work folder that cannot be used.
package struct WorkFolderError: Error, Sendable, CustomStringConvertible, ClassifiedError {
    /// The folder, as resolved.
    package let path: String
    /// Where the path came from (`--workdir`, `LAYERCLONE_WORKDIR`).
    package let origin: String
    /// What is wrong.
    package let reason: String

    package var exitClass: ErrorClass { .usage }

    package var description: String {
        "work folder \"\(path)\" (\(origin)): \(reason); choose another with --workdir or LAYERCLONE_WORKDIR"
    }
}
