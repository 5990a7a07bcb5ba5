import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP server on 127.0.0.1 (ephemeral port) that answers every request with its
/// status line and headers at once (a `Content-Length` it never reaches) and then one byte of
/// body every `interval`, at most `bytes` bytes, so a client without an overall deadline would
/// wait for minutes. Plain sockets, one thread per connection: what it sends is exactly what
/// reaches the client, with no framework buffering in between.
package final class TrickleServer: Sendable {
    package let port: Int
    private let listener: Int32
    private let hits = Counter()
    private let stopped = Flag()

    /// Connections accepted so far (one request each: the server never answers in full).
    package var requests: Int { hits.value }

    private final class Counter: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    private final class Flag: Sendable {
        private let state = Mutex(false)
        func set() { state.withLock { $0 = true } }
        var isSet: Bool { state.withLock { $0 } }
    }

    package init(interval: Duration = .seconds(1), bytes: Int = 120) throws {
        // A client that gives up closes the connection; the next write must fail, not kill us.
        signal(SIGPIPE, SIG_IGN)
        let socketType: Int32
        #if canImport(Glibc)
            socketType = Int32(SOCK_STREAM.rawValue)
        #else
            socketType = SOCK_STREAM
        #endif
        let listener = socket(AF_INET, socketType, 0)
        guard listener >= 0 else { throw TrickleServerError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw TrickleServerError.socket(errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let hits = self.hits
        let stopped = self.stopped
        Thread.detachNewThread { [listener] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }  // closed by stop()
                hits.add()
                Thread.detachNewThread {
                    Self.serve(connection, interval: interval, bytes: bytes, stopped: stopped)
                }
            }
        }
    }

    /// Stops accepting connections; connections being served end within 50 ms.
    package func stop() {
        stopped.set()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ connection: Int32, interval: Duration, bytes: Int, stopped: Flag) {
        defer { close(connection) }
        // Read the request head (and whatever body came with it); its content does not matter.
        var buffer = [UInt8](repeating: 0, count: 65536)
        var received: [UInt8] = []
        while !received.contains(subsequence: Array("\r\n\r\n".utf8)) {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            received += buffer[..<count]
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(bytes + 1000)\r\n\r\n"
        guard write(all: Array(head.utf8), to: connection) else { return }
        let (seconds, attoseconds) = interval.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        for _ in 0..<bytes {
            guard write(all: Array(" ".utf8), to: connection) else { return }
            // The interval in slices, so a stopped server lets its connections go at once.
            var left = micros
            while left > 0 {
                guard !stopped.isSet else { return }
                let slice = min(left, 50_000)
                usleep(useconds_t(slice))
                left -= slice
            }
        }
    }

    private static func write(all bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }
}

enum TrickleServerError: Error {
    case socket(Int32)
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        return (0...(count - subsequence.count)).contains {
            self[$0..<($0 + subsequence.count)].elementsEqual(subsequence)
        }
    }
}
