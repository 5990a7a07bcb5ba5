import Foundation

/// Files that may hold customer data or secrets: created readable by their owner only, and
/// never opened, changed or written through a symbolic link.
package enum SecureFile {
    /// Creates an empty file with mode 0600 unless it exists, and makes sure an existing one
    /// has that mode too. Creates missing parent folders (mode 0700).
    /// - Throws: `SecureFileError.symbolicLink` when `path` is a symbolic link (its mode
    ///   would be changed on the file it points to).
    package static func create(atPath path: String) throws {
        let manager = FileManager.default
        try makeFolder(of: path)
        if isSymbolicLink(path) { throw SecureFileError.symbolicLink(path: path) }
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// Writes `data` as the file at `path` (mode 0600): into a new file created beside it, then
    /// renamed over it. Whatever was at `path`, a symbolic link included, is replaced; nothing
    /// is written through a link, and a reader never sees half a file.
    package static func replace(atPath path: String, with data: Data) throws {
        try makeFolder(of: path)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString.prefix(8).lowercased()).partial"
        ).path
        // O_EXCL with O_NOFOLLOW: only a file this call creates, never a link's target.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SecureFileError.cannotWrite(path: temporary, errno: errno) }
        var written = 0
        let failure: Int32? = data.withUnsafeBytes { buffer -> Int32? in
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw SecureFileError.cannotWrite(path: path, errno: failure)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SecureFileError.cannotWrite(path: path, errno: code)
        }
    }

    /// Whether `path` is a symbolic link (dangling or not).
    package static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    private static func makeFolder(of path: String) throws {
        let manager = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !manager.fileExists(atPath: folder) {
            try manager.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }
}

/// Why a file that may hold customer data could not be written safely.
package enum SecureFileError: Error, Sendable, CustomStringConvertible, ClassifiedError {
    /// The path is a symbolic link; files are never written or changed through one.
    case symbolicLink(path: String)
    /// Creating, writing or renaming the file failed.
    case cannotWrite(path: String, errno: Int32)

    package var description: String {
        switch self {
        case .symbolicLink(let path):
            "\(path) is a symbolic link; layerclone never writes through one: remove it and run the command again"
        case .cannotWrite(let path, let code):
            "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }

    package var exitClass: ErrorClass { .badInput }
}
