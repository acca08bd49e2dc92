import CColorManagementShim
import ImageKernel
import Synchronization

/// An lcms2 transform built by the shim, freed when the last user lets it go. lcms2 only reads a transform while
/// converting (`cmsDoTransform` keeps its one-pixel cache on the stack), so threads share it.
final class CMSTransform: @unchecked Sendable {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { imago_cms_free(handle) }
}

/// The transforms already built, by profile pair and settings: a folder of photos from one camera builds its
/// transform once (lcms2 takes milliseconds to build and optimise one, about as long as converting a small photo).
/// Bounded: beyond ``capacity`` transforms the oldest is dropped. Failures are not kept.
final class TransformCache: Sendable {
    /// What a transform depends on: both profiles' bytes, the pixel layout and the settings.
    struct Key: Hashable, Sendable {
        var profile: [UInt8]
        var target: [UInt8]?
        var layout: UInt32
        var bytesPerSample: Int
        var intent: Int
        var blackPointCompensation: Bool
    }

    /// The process-wide cache ``ProfileConversion`` uses.
    static let shared = TransformCache(capacity: 16)

    /// The most transforms kept.
    let capacity: Int
    private let state = Mutex<(transforms: [Key: CMSTransform], order: [Key])>(([:], []))

    init(capacity: Int) { self.capacity = max(capacity, 1) }

    /// The transform for `key`: the cached one, or one built by `make` (outside the lock) and then kept.
    func transform(for key: Key, make: () throws -> CMSTransform) throws -> CMSTransform {
        if let cached = state.withLock({ $0.transforms[key] }) { return cached }
        let made = try make()
        return state.withLock { state in
            if let raced = state.transforms[key] { return raced }
            state.transforms[key] = made
            state.order.append(key)
            while state.order.count > capacity {
                state.transforms[state.order.removeFirst()] = nil
            }
            return made
        }
    }
}
