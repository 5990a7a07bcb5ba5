import Foundation

/// Hands memory the C allocator keeps after large frees back to the system.
///
/// A load's page cache and the identity index's sort buffers are freed when the load ends,
/// but glibc keeps freed blocks inside its arenas (resident) unless told to release them;
/// what comes next (chunk reads, on other threads and arenas) would then add its own memory
/// on top. `malloc_trim` is looked up at run time: it is glibc's (not in the `Glibc`
/// module's headers), and elsewhere this does nothing.
enum MemoryTrimmer {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()

    /// Returns free memory of every allocator arena to the system (a few milliseconds).
    static func releaseFreeMemory() {
        _ = trim?(0)
    }
}
