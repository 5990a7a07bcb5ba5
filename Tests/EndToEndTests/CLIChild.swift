import Foundation
import Testing

/// A `layerclone` child process the test talks to while it runs (waits for output, sends
/// signals), unlike `CLIProcess.run`, which waits for the end.
final class CLIChild {
    private let process: Process
    private let outURL: URL
    private let errURL: URL
    private let out: FileHandle
    private let err: FileHandle

    /// Starts `layerclone arguments…` in `directory` with `environment` added to this
    /// process's (minus any `LAYERCLONE_*` it had).
    init(_ arguments: [String], environment: [String: String], directory: URL) throws {
        process = try CLIProcess.makeProcess(arguments, environment: environment, directory: directory)
        let name = UUID().uuidString
        outURL = directory.appendingPathComponent("\(name).out")
        errURL = directory.appendingPathComponent("\(name).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        out = try FileHandle(forWritingTo: outURL)
        err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? out.close()
        try? err.close()
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }

    /// Standard output so far.
    var standardOutput: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }

    /// Waits (at most `timeout`) until standard output contains `text`.
    /// - Returns: whether it did (false when the process ended or time ran out first).
    func waitForOutput(containing text: String, timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if standardOutput.contains(text) { return true }
            if !process.isRunning { return standardOutput.contains(text) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Sends a signal to the process.
    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits at most `timeout` for the end (then kills it and records an issue).
    func finish(timeout: Duration = .seconds(120)) async -> CLIProcess.Outcome {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("layerclone \(process.arguments?.joined(separator: " ") ?? "") still ran after \(timeout)")
        }
        process.waitUntilExit()
        return CLIProcess.Outcome(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            standardOutput: standardOutput,
            standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
