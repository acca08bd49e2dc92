import Synchronization
import ImageKernel

/// A dense n-dimensional array in contiguous C (row-major) order, the Swift counterpart of a NumPy `ndarray`
/// as Keras returns it from `img_to_array`.
///
/// A value type with copy-on-write storage in the kernel's `PixelStorage` (package-internal): heap memory reused from one array to the
/// next below 32 MiB, huge pages from 4 MiB up, so filling large arrays does not trigger a storm of first-touch page faults.
/// Elements are stored in native (little-endian) byte order.
public struct NDArray: Sendable {
    /// The element types Imago reads, writes and computes with (NumPy's names in ``numpyName``).
    public enum DType: String, Sendable, Hashable, CaseIterable, Codable {
        /// 32-bit IEEE float (`np.float32`, `<f4`): `img_to_array`'s default.
        case float32
        /// 64-bit IEEE float (`np.float64`, `<f8`).
        case float64
        /// Unsigned byte (`np.uint8`, `|u1`): what `smart_resize` returns for uint8 input and `nearest` dataset batches.
        case uint8
        /// Unsigned 16-bit integer (`np.uint16`, `<u2`).
        case uint16
        /// Signed 32-bit integer (`np.int32`, `<i4`).
        case int32

        /// Bytes per element.
        public var byteCount: Int {
            switch self {
            case .uint8: 1
            case .uint16: 2
            case .float32, .int32: 4
            case .float64: 8
            }
        }

        /// Whether elements are integers (results of integer computations are rounded and clipped).
        public var isInteger: Bool { self == .uint8 || self == .uint16 || self == .int32 }

        /// NumPy's name, as printed by `x.dtype` (`float32`, `uint8`...).
        public var numpyName: String { rawValue }
    }

    /// The length of every axis, outermost first.
    public private(set) var shape: [Int]
    /// The element type.
    public private(set) var dtype: DType
    private var storage: PixelStorage

    /// A zero-filled array. Throws `ImageError/Kind/invalidArgument` for a negative extent and
    /// `ImageError/Kind/limitExceeded` when the byte size overflows.
    public init(shape: [Int], dtype: DType = .float32) throws(ImageError) {
        try self.init(shape: shape, dtype: dtype, zeroed: true)
    }

    /// An array whose elements are unspecified until written: for code that writes every element. `hugePages`: see
    /// `PixelStorage` (for large arrays filled completely and kept for reuse).
    init(shape: [Int], dtype: DType, zeroed: Bool, hugePages: Bool = false) throws(ImageError) {
        let count = try NDArray.elementCount(of: shape)
        self.shape = shape
        self.dtype = dtype
        self.storage = try PixelStorage(capacity: try ByteCount.multiply(count, dtype.byteCount), zeroed: zeroed,
                                        hugePages: hugePages)
    }

    /// An array holding `elements` (in C order), whose type gives the dtype.
    public init<Element: NDArrayElement>(shape: [Int], elements: [Element]) throws(ImageError) {
        try self.init(shape: shape, dtype: Element.dtype)
        guard elements.count == count else {
            throw .invalidArgument("shape \(NDArray.describe(shape)) needs \(count) elements, got \(elements.count)")
        }
        elements.withUnsafeBytes { source in
            storage.pointer.copyMemory(from: source.baseAddress!, byteCount: source.count)
        }
    }

    /// Number of elements: the product of the shape (1 for a 0-d array).
    public var count: Int { shape.reduce(1, *) }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// Bytes of element data: `count * dtype.byteCount`.
    public var byteCount: Int { count * dtype.byteCount }

    /// Calls `body` with the element bytes, C order.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer, count: byteCount))
    }

    /// Calls `body` with the element bytes for writing, copying them first if the storage is shared.
    public mutating func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        makeUnique()
        return try body(UnsafeMutableRawBufferPointer(start: storage.pointer, count: byteCount))
    }

    /// Calls `body` with the elements typed as `Element`, which must match ``dtype``.
    public func withUnsafeElements<Element: NDArrayElement, R, E: Error>(
        as type: Element.Type, _ body: (UnsafeBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        precondition(Element.dtype == dtype, "elements are \(dtype), not \(Element.dtype)")
        return try body(UnsafeBufferPointer(start: storage.pointer.assumingMemoryBound(to: Element.self), count: count))
    }

    /// Calls `body` with the elements typed as `Element` for writing; `Element` must match ``dtype``.
    public mutating func withUnsafeMutableElements<Element: NDArrayElement, R, E: Error>(
        as type: Element.Type, _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        precondition(Element.dtype == dtype, "elements are \(dtype), not \(Element.dtype)")
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer.assumingMemoryBound(to: Element.self), count: count))
    }

    /// The elements as a Swift array of `Element` (which must match ``dtype``).
    public func elements<Element: NDArrayElement>(as type: Element.Type) -> [Element] {
        withUnsafeElements(as: type) { Array($0) }
    }

    /// Every element converted to `Double` (exact for every dtype), C order.
    public func doubles() -> [Double] {
        (0..<count).map { self[flat: $0] }
    }

    /// The flat (C-order) offset of a multi-index. Traps when the index is out of range.
    public func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) has \(index.count) axes, the array has \(shape.count)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "index \(index) is outside shape \(NDArray.describe(shape))")
            offset = offset * shape[axis] + i
        }
        return offset
    }

    /// The element at a flat (C-order) offset, as `Double`; setting converts as NumPy's `astype` does
    /// (integers: truncation toward zero, wrapping modulo 2^bits).
    public subscript(flat offset: Int) -> Double {
        get {
            precondition(offset >= 0 && offset < count, "flat index \(offset) is outside 0..<\(count)")
            let p = storage.pointer
            switch dtype {
            case .float32: return Double(p.load(fromByteOffset: offset * 4, as: Float.self))
            case .float64: return p.load(fromByteOffset: offset * 8, as: Double.self)
            case .uint8: return Double(p.load(fromByteOffset: offset, as: UInt8.self))
            case .uint16: return Double(p.load(fromByteOffset: offset * 2, as: UInt16.self))
            case .int32: return Double(p.load(fromByteOffset: offset * 4, as: Int32.self))
            }
        }
        set {
            precondition(offset >= 0 && offset < count, "flat index \(offset) is outside 0..<\(count)")
            makeUnique()
            let p = storage.pointer
            switch dtype {
            case .float32: p.storeBytes(of: Float(newValue), toByteOffset: offset * 4, as: Float.self)
            case .float64: p.storeBytes(of: newValue, toByteOffset: offset * 8, as: Double.self)
            case .uint8: p.storeBytes(of: UInt8(truncatingIfNeeded: NDArray.wrappingInteger(newValue)), toByteOffset: offset, as: UInt8.self)
            case .uint16: p.storeBytes(of: UInt16(truncatingIfNeeded: NDArray.wrappingInteger(newValue)), toByteOffset: offset * 2, as: UInt16.self)
            case .int32: p.storeBytes(of: Int32(truncatingIfNeeded: NDArray.wrappingInteger(newValue)), toByteOffset: offset * 4, as: Int32.self)
            }
        }
    }

    /// The element at a multi-index, e.g. `x[0, 10, 2]`, as `Double`.
    public subscript(_ index: Int...) -> Double {
        get { self[flat: flatIndex(index)] }
        set { self[flat: flatIndex(index)] = newValue }
    }

    /// The same elements under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) throws(ImageError) -> NDArray {
        let newCount = try NDArray.elementCount(of: newShape)
        guard newCount == count else {
            throw .invalidArgument("cannot reshape an array of shape \(NDArray.describe(shape)) into \(NDArray.describe(newShape))")
        }
        var copy = self
        copy.shape = newShape
        return copy
    }

    /// The array with its elements converted to `newType` as NumPy's `astype` does on x86-64: float to integer
    /// truncates toward zero and wraps; float64 to float32 rounds to nearest.
    public func converted(to newType: DType) throws(ImageError) -> NDArray {
        if newType == dtype { return self }
        var out = try NDArray(shape: shape, dtype: newType)
        for i in 0..<count { out[flat: i] = self[flat: i] }
        return out
    }

    /// NumPy's float-to-small-integer cast on x86-64 (a 32-bit `cvttsd2si`, then the low bits): truncation
    /// toward zero, and the "integer indefinite" `Int32.min` for NaN and values outside the `Int32` range.
    static func wrappingInteger(_ value: Double) -> Int64 {
        guard value.isFinite, value > -2147483649.0, value < 2147483648.0 else { return Int64(Int32.min) }
        return Int64(value)
    }

    /// `(427, 640, 3)`: a shape as Python prints a tuple.
    public static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    static func elementCount(of shape: [Int]) throws(ImageError) -> Int {
        var count = 1
        for extent in shape {
            guard extent >= 0 else { throw .invalidArgument("negative extent in shape \(describe(shape))") }
            count = try ByteCount.multiply(count, extent)
        }
        return count
    }

    /// Whether no other array shares this one's storage, so that writing through it is not seen elsewhere. A `true`
    /// result is followed by an acquiring fence: the last other owner's accesses happened before the caller's.
    mutating func holdsStorageAlone() -> Bool {
        guard isKnownUniquelyReferenced(&storage) else { return false }
        atomicMemoryFence(ordering: .acquiring)
        return true
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            // Same size as an allocation that already succeeded: failing here means the system is out of memory.
            storage = try! storage.copy(count: storage.capacity)
        }
    }
}

extension NDArray: Equatable {
    /// Equal shapes, dtypes and element bytes.
    public static func == (lhs: NDArray, rhs: NDArray) -> Bool {
        guard lhs.shape == rhs.shape, lhs.dtype == rhs.dtype else { return false }
        return lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in a.elementsEqual(b) } }
    }
}

extension NDArray: CustomStringConvertible {
    /// For example `NDArray(float32, shape: (427, 640, 3))`.
    public var description: String { "NDArray(\(dtype), shape: \(NDArray.describe(shape)))" }
}

/// A Swift type that can be an ``NDArray`` element.
public protocol NDArrayElement: Sendable, BitwiseCopyable {
    /// The dtype holding this type.
    static var dtype: NDArray.DType { get }
}

/// `float32` elements.
extension Float: NDArrayElement { public static var dtype: NDArray.DType { .float32 } }
/// `float64` elements.
extension Double: NDArrayElement { public static var dtype: NDArray.DType { .float64 } }
/// `uint8` elements.
extension UInt8: NDArrayElement { public static var dtype: NDArray.DType { .uint8 } }
/// `uint16` elements.
extension UInt16: NDArrayElement { public static var dtype: NDArray.DType { .uint16 } }
/// `int32` elements.
extension Int32: NDArrayElement { public static var dtype: NDArray.DType { .int32 } }
