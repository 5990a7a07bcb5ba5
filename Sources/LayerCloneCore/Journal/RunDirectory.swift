import Foundation

/// The folder of one run, `<workdir>/runs/<run-id>/`: its journal, staging store, downloads
/// and reports. Created mode 0700: it may hold customer data.
package struct RunDirectory: Sendable, Equatable {
    /// The run's id (the folder name).
    package let id: String
    /// The folder.
    package let url: URL

    /// The checkpoint journal.
    package var journalPath: String { url.appendingPathComponent("journal.db").path }
    /// The staging store of the source data.
    package var stagingPath: String { url.appendingPathComponent("staging.db").path }
    /// Where export attachments are downloaded.
    package var downloadsURL: URL { url.appendingPathComponent("downloads", isDirectory: true) }
    /// The Markdown report.
    package var reportMarkdownPath: String { url.appendingPathComponent("report.md").path }
    /// The HTML report.
    package var reportHTMLPath: String { url.appendingPathComponent("report.html").path }
    /// The plan's text as the run started with it (a resume with an edited plan is refused).
    package var planCopyPath: String { url.appendingPathComponent("plan.yml").path }
    /// The lock a process holds while it runs the run (see `RunLock`).
    package var lockPath: String { url.appendingPathComponent("lock").path }

    /// The folder holding every run of a work directory.
    package static func runsFolder(workdir: URL) -> URL {
        workdir.appendingPathComponent("runs", isDirectory: true)
    }

    /// The run with this id in the work directory.
    /// - Throws: `RunDirectoryError.noSuchRun` when it does not exist.
    package static func existing(id: String, workdir: URL) throws -> RunDirectory {
        let url = runsFolder(workdir: workdir).appendingPathComponent(id, isDirectory: true)
        let directory = RunDirectory(id: id, url: url)
        guard FileManager.default.fileExists(atPath: directory.journalPath) else {
            guard directory.holdsRunFiles else { throw RunDirectoryError.noSuchRun(id: id, workdir: workdir.path) }
            throw RunFileError(path: directory.journalPath, problem: "is missing (the run's other files are there)")
        }
        return directory
    }

    /// Creates the folder of a new run, named after its start time and key.
    package static func create(key: String, workdir: URL, now: Date = Date()) throws -> RunDirectory {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = "\(formatter.string(from: now))-\(key.prefix(6))"
        let folder = runsFolder(workdir: workdir)
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Two runs started in the same second get distinct folders: creating the folder
        // (without intermediates) fails when it exists, so the next suffix is tried.
        var id = base
        var url = folder.appendingPathComponent(id, isDirectory: true)
        var suffix = 1
        while true {
            do {
                try FileManager.default.createDirectory(
                    at: url, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
                break
            } catch  where FileManager.default.fileExists(atPath: url.path) && suffix < 1000 {
                suffix += 1
                id = "\(base)-\(suffix)"
                url = folder.appendingPathComponent(id, isDirectory: true)
            }
        }
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("downloads"), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        return RunDirectory(id: id, url: url)
    }

    /// All runs of a work directory, newest first.
    package static func all(workdir: URL) -> [RunDirectory] {
        let folder = runsFolder(workdir: workdir)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted(by: >).compactMap { name in
            guard !name.hasSuffix(abandonedSuffix) else { return nil }
            let url = folder.appendingPathComponent(name, isDirectory: true)
            let journal = url.appendingPathComponent("journal.db").path
            return FileManager.default.fileExists(atPath: journal) ? RunDirectory(id: name, url: url) : nil
        }
    }

    /// The newest unfinished run with this key, which a repeated command resumes.
    /// - Throws: `RunFileError` when a run folder of this key has a journal that is missing,
    ///   unreadable or records no run: whether that run finished cannot be known, and
    ///   starting another could create its records twice (`--restart` sets it aside).
    package static func unfinished(key: String, workdir: URL) throws -> RunDirectory? {
        for directory in keyed(key, workdir: workdir) {
            guard FileManager.default.fileExists(atPath: directory.journalPath) else {
                // A folder killed before its journal was created holds nothing else.
                guard directory.holdsRunFiles else { continue }
                throw RunFileError(path: directory.journalPath, problem: "is missing (the run's other files are there)")
            }
            let run: RunInfo
            do {
                run = try RunJournal(path: directory.journalPath).run()
            } catch {
                throw RunFileError(path: directory.journalPath, problem: "cannot be read (\(error))")
            }
            if run.key == key && !run.state.isEnded { return directory }
        }
        return nil
    }

    /// The folders of runs of this key (named after it), newest first, set-aside ones left out.
    package static func keyed(_ key: String, workdir: URL) -> [RunDirectory] {
        let folder = runsFolder(workdir: workdir)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted(by: >).compactMap { name in
            let parts = name.split(separator: "-")
            guard parts.count >= 3, parts[2] == key.prefix(6), !name.hasSuffix(abandonedSuffix) else { return nil }
            return RunDirectory(id: name, url: folder.appendingPathComponent(name, isDirectory: true))
        }
    }

    /// What a run folder set aside by `--restart` is renamed with.
    package static let abandonedSuffix = ".abandoned"

    /// Whether the folder holds any file besides its (empty) downloads folder.
    var holdsRunFiles: Bool {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: url.path)) ?? []
        return names.contains { name in
            // The lock file comes before the journal: alone, it holds nothing of the run.
            name != "downloads" && name != "lock"
                || name == "downloads"
                    && !((try? manager.contentsOfDirectory(atPath: downloadsURL.path))?.isEmpty ?? true)
        }
    }
}

/// Failures to find a run.
package enum RunDirectoryError: Error, Sendable, CustomStringConvertible {
    case noSuchRun(id: String, workdir: String)

    package var description: String {
        switch self {
        case .noSuchRun(let id, let workdir):
            "no run \(id) in \(workdir)/runs; `layerclone status --workdir \(workdir)` lists the runs there"
        }
    }
}
