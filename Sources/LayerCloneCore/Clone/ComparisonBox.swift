import ResourceCatalog
import Synchronization

/// Type comparisons made while the run goes on, shared by the types' tasks.
final class ComparisonBox: Sendable {
    private let comparisons = Mutex<[ResourceType: TypeComparison]>([:])

    subscript(type: ResourceType) -> TypeComparison? {
        get { comparisons.withLock { $0[type] } }
        set { comparisons.withLock { $0[type] = newValue } }
    }
}
