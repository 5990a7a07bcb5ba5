import Foundation

/// The count of commits a journal has made, kept in a small file beside it (`journal.seal`)
/// and written after each commit. SQLite reads a write-ahead log only up to its first damaged
/// frame, so a log cut short or garbled silently rolls the journal back by many commits, to a
/// state no kill can produce (the target and the stores hold work it no longer records). The
/// seal tells the two apart: after a kill it equals the journal's count or trails it by the
/// one commit whose seal was not yet written; when it is ahead, the journal lost commits.
struct JournalSeal: Sendable {
    /// The seal file.
    let path: String

    /// The seal of the journal at `journalPath`.
    init(journalPath: String) {
        let url = URL(fileURLWithPath: journalPath)
        path = url.deletingPathExtension().appendingPathExtension("seal").path
    }

    /// The fixed width of the count in the file: a rewrite is one write of the same length at
    /// the same place, never a file cut short.
    private static let width = 20
    private static let prefix = "layerclone journal commits "

    /// Records that the journal has made `commits` commits.
    /// - Throws: `SecureFileError.cannotWrite` when the file cannot be written.
    func write(commits: Int64) throws {
        let digits = String(commits)
        let text = Self.prefix + String(repeating: "0", count: max(0, Self.width - digits.count)) + digits + "\n"
        let bytes = Array(text.utf8)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SecureFileError.cannotWrite(path: path, errno: errno) }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == bytes.count else { throw SecureFileError.cannotWrite(path: path, errno: errno) }
    }

    /// The recorded count: nil when there is no seal file.
    /// - Throws: `RunFileError` naming the seal when it is not a seal.
    func read() throws -> Int64? {
        guard FileManager.default.fileExists(atPath: path) || SecureFile.isSymbolicLink(path) else { return nil }
        guard !SecureFile.isSymbolicLink(path), let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8), text.hasPrefix(Self.prefix), text.hasSuffix("\n"),
            let commits = Int64(text.dropFirst(Self.prefix.count).dropLast()), commits >= 0
        else {
            throw RunFileError(path: path, problem: "is not a journal seal (it is damaged)")
        }
        return commits
    }

    /// Checks a journal's commit count against its seal.
    /// - Throws: `RunFileError` naming the journal when it has fewer commits than sealed, or
    ///   the seal when it is damaged, or missing while the journal has commits it should seal.
    func check(journalPath: String, commits: Int64) throws {
        guard let sealed = try read() else {
            // The first commit may have been made, its seal not yet written, by a killed run.
            guard commits <= 1 else {
                throw RunFileError(
                    path: path, problem: "is missing, so the journal cannot be checked for lost entries")
            }
            return
        }
        guard sealed <= commits else {
            throw RunFileError(
                path: journalPath,
                problem:
                    "has lost its last \(sealed - commits) entries (its write-ahead log was cut short or damaged)")
        }
    }
}
