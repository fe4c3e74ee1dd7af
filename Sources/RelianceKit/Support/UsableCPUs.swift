import Foundation
#if canImport(CLinux)
import CLinux
#endif

/// How many CPUs this process may run on: its affinity mask where the kernel tells it (`taskset`,
/// a container's cpuset), else every active one. `ProcessInfo.activeProcessorCount` counts the
/// machine's CPUs even for a process pinned to one of them.
package enum UsableCPUs {
    package static let count: Int = {
        #if canImport(CLinux)
        let pinned = Int(reliance_usable_cpus())
        if pinned > 0 { return pinned }
        #endif
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()
}
