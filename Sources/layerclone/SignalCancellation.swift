import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into task cancellation, so an interrupted run stops between
/// steps with its journal consistent. A second signal ends the process at once (exit 75).
enum SignalCancellation {
    /// Runs `body` in a task that the first SIGINT or SIGTERM cancels, as does cancelling the
    /// calling task (a command run in-process, `LayerClone.run(_:in:)`, is interrupted so).
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let signals = [SIGINT, SIGTERM]
        let received = SignalCounter()
        let sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.increment() == 1 {
                    FileHandle.standardError.write(
                        Data("\nstopping after the current step (press Ctrl-C again to quit at once)…\n".utf8))
                    task.cancel()
                } else {
                    exit(ExitStatus.interrupted.rawValue)
                }
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            for number in signals { signal(number, SIG_DFL) }
        }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}

/// Counts signals received, from the dispatch queue that handles them.
private final class SignalCounter: Sendable {
    private let count = Mutex(0)

    func increment() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }
}
