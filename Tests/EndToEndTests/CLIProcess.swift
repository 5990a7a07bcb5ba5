import Foundation
import Testing

/// Runs the built `layerclone` executable as a child process, with a time limit.
enum CLIProcess {
    /// How one run ended.
    struct Outcome: Sendable, CustomStringConvertible {
        /// The exit code, or the signal number when `signaled`.
        let status: Int32
        /// Whether a signal ended the process (SIGKILL from a crash point).
        let signaled: Bool
        let standardOutput: String
        let standardError: String

        var killedBySIGKILL: Bool { signaled && status == SIGKILL }

        var description: String {
            let ending = signaled ? "signal \(status)" : "exit \(status)"
            return "\(ending)\n--- stderr (tail):\n\(standardError.suffix(3000))\n--- stdout (tail):\n"
                + "\(standardOutput.suffix(2000))"
        }
    }

    /// Where the package's root is (this file is `<root>/Tests/EndToEndTests/CLIProcess.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A plan of the repository (`plans/<name>`).
    static func plan(_ name: String) -> String { packageRoot.appendingPathComponent("plans/\(name)").path }

    /// The `layerclone` executable built beside the test bundle (`swift build --build-tests`
    /// builds it into the same folder as the tests).
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            let runner = URL(fileURLWithPath: first).standardizedFileURL
            candidates.append(runner.deletingLastPathComponent())
            // macOS: <dir>/layerclonePackageTests.xctest/Contents/MacOS/<runner>.
            candidates.append(runner.deletingLastPathComponent().deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for folder in candidates {
            let binary = folder.appendingPathComponent("layerclone")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: binary.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: binary.path)
            {
                return binary
            }
        }
        let looked = candidates.map(\.path).joined(separator: ", ")
        let message =
            "the layerclone executable is missing (looked in \(looked)): run `swift build --build-tests` before "
            + "`swift test` so it is built beside the tests"
        Issue.record("\(message)")
        throw CLIProcessError.missingExecutable
    }

    /// A `layerclone arguments…` process, not started, in `directory` with `environment`
    /// added to this process's (minus any `LAYERCLONE_*` it had).
    static func makeProcess(_ arguments: [String], environment: [String: String], directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LAYERCLONE_") }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        return process
    }

    /// Runs `layerclone arguments…` in `directory` with `environment` added to this process's
    /// (minus any `LAYERCLONE_*` it had) and waits at most `timeout`; a process still running
    /// then is killed and the test fails.
    static func run(
        _ arguments: [String], environment: [String: String], directory: URL, timeout: Duration = .seconds(300)
    ) async throws -> Outcome {
        let process = try makeProcess(arguments, environment: environment, directory: directory)
        let name = UUID().uuidString
        let outURL = directory.appendingPathComponent("\(name).out")
        let errURL = directory.appendingPathComponent("\(name).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("layerclone \(arguments.joined(separator: " ")) still ran after \(timeout); killed it")
        }
        process.waitUntilExit()
        let outcome = Outcome(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
        return outcome
    }
}

/// Why the CLI could not be run.
enum CLIProcessError: Error, CustomStringConvertible {
    case missingExecutable

    var description: String {
        "the layerclone executable is missing: run `swift build --build-tests` first"
    }
}
