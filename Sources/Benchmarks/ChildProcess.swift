import Foundation
import ResourceCatalog

/// This binary started again as a child process (the benchmarks run the sandbox there, so
/// the parent's peak memory is layerclone's alone). The child announces itself with one line
/// on standard output and stops when its standard input closes.
package struct ChildProcess: Sendable {
    /// The child's first line of output.
    package let firstLine: String
    /// Closes the child's standard input and waits for it to exit.
    package let stop: @Sendable () async -> Void
    /// The child's exit status, once it has exited.
    package let terminationStatus: @Sendable () -> Int32

    /// The child's side: prints `line` as its one line of JSON, then returns once standard
    /// input reaches its end (the parent closed it or exited).
    package static func announceAndWaitForParent(_ line: JSONValue) async {
        FileHandle.standardOutput.write(Data((line.canonicalJSON + "\n").utf8))
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                _ = FileHandle.standardInput.readDataToEndOfFile()
                continuation.resume()
            }
        }
    }

    /// Starts this executable with `arguments` and reads its first line.
    package static func start(arguments: [String]) async throws -> ChildProcess {
        let process = Process()
        #if os(Linux)
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
            process.executableURL = Bundle.main.executableURL
        #endif
        process.arguments = arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes = Data()
                while !bytes.contains(UInt8(ascii: "\n")) {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        let stop: @Sendable () async -> Void = {
            try? input.fileHandleForWriting.close()
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    process.waitUntilExit()
                    continuation.resume()
                }
            }
        }
        return ChildProcess(firstLine: line, stop: stop, terminationStatus: { process.terminationStatus })
    }
}
