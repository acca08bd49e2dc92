/// An image in memory: `height` rows of `width` interleaved pixels in one ``PixelFormat``.
///
/// A value type with copy-on-write storage: copies are cheap, and the bytes are duplicated only when a
/// shared buffer is mutated. Rows are `rowStride` bytes apart (at least `width * bytesPerPixel`), so a
/// buffer can view padded rows; the samples of one row are contiguous. 16-bit and float samples are
/// stored in native byte order.
///
/// Safe accessors (``subscript(x:y:channel:)``, ``packedBytes()``) check bounds; the unsafe ones
/// (``withUnsafeBytes(_:)``, ``withUnsafeMutableBytes(_:)``) are for hot loops.
public struct ImageBuffer: Sendable {
    /// Width in pixels.
    public private(set) var width: Int
    /// Height in pixels.
    public private(set) var height: Int
    /// The layout and sample type of every pixel.
    public private(set) var format: PixelFormat
    /// Bytes from the start of one row to the start of the next.
    public private(set) var rowStride: Int
    private var storage: PixelStorage

    /// A zero-filled image. Sizes are overflow-checked, and checked against `limits`.
    public init(width: Int, height: Int, format: PixelFormat, rowStride: Int? = nil, limits: Limits = .none) throws(ImageError) {
        try self.init(width: width, height: height, format: format, rowStride: rowStride, limits: limits, zeroed: true)
    }

    /// A packed image, zero-filled or (with `zeroed: false`) uninitialised, for producers that write every byte of
    /// every row before anything reads it. Sizes are overflow-checked, and checked against `limits`.
    public init(width: Int, height: Int, format: PixelFormat, limits: Limits = .none, zeroed: Bool) throws(ImageError) {
        try self.init(width: width, height: height, format: format, rowStride: nil, limits: limits, zeroed: zeroed)
    }

    private init(
        width: Int, height: Int, format: PixelFormat, rowStride: Int?, limits: Limits, zeroed: Bool
    ) throws(ImageError) {
        guard width >= 0, height >= 0 else { throw .invalidArgument("negative image size \(width)x\(height)") }
        if width > 0 && height > 0 { try limits.check(width: width, height: height, format: format) }
        let minimumStride = try ByteCount.row(width: width, format: format)
        let stride = rowStride ?? minimumStride
        guard stride >= minimumStride else {
            throw .invalidArgument("row stride \(stride) is smaller than a row of \(minimumStride) bytes")
        }
        let total = try ByteCount.multiply(stride, height)
        self.width = width
        self.height = height
        self.format = format
        self.rowStride = stride
        self.storage = try PixelStorage(capacity: total, zeroed: zeroed)
    }

    /// An image holding a copy of `bytes`, which must be exactly `height` packed rows.
    public init(width: Int, height: Int, format: PixelFormat, bytes: some Collection<UInt8>) throws(ImageError) {
        try self.init(width: width, height: height, format: format)
        guard bytes.count == byteCount else {
            throw .invalidArgument("expected \(byteCount) bytes for a \(width)x\(height) \(format) image, got \(bytes.count)")
        }
        let destination = UnsafeMutableRawBufferPointer(start: storage.pointer, count: byteCount)
        destination.copyBytes(from: bytes)
    }

    /// Total bytes spanned by the rows: `rowStride * height`.
    public var byteCount: Int { rowStride * height }
    /// Bytes of one packed row: `width * bytesPerPixel`.
    public var packedRowBytes: Int { width * format.bytesPerPixel }
    /// Whether the rows are tightly packed, so the whole buffer is one run of `width * height` pixels.
    public var isPacked: Bool { rowStride == packedRowBytes }
    /// Number of channels.
    public var channelCount: Int { format.channelCount }
    /// Bytes of storage actually reserved (at least ``byteCount``).
    public var capacity: Int { storage.capacity }

    /// Calls `body` with the raw bytes (``byteCount`` of them).
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer, count: byteCount))
    }

    /// Calls `body` with the raw bytes for writing, copying them first if the storage is shared.
    public mutating func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        makeUnique()
        return try body(UnsafeMutableRawBufferPointer(start: storage.pointer, count: byteCount))
    }

    /// Calls `body` with row `y` (``packedRowBytes`` bytes).
    public func withUnsafeRow<R>(_ y: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        precondition(y >= 0 && y < height, "row \(y) out of range 0..<\(height)")
        return try body(UnsafeRawBufferPointer(start: storage.pointer + y * rowStride, count: packedRowBytes))
    }

    /// Calls `body` with row `y` for writing, copying the storage first if it is shared.
    public mutating func withUnsafeMutableRow<R>(_ y: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        precondition(y >= 0 && y < height, "row \(y) out of range 0..<\(height)")
        makeUnique()
        return try body(UnsafeMutableRawBufferPointer(start: storage.pointer + y * rowStride, count: packedRowBytes))
    }

    /// Reuses this buffer's storage for a new size and format when it is unshared and large enough
    /// (the contents are then unspecified), or allocates new storage otherwise: zeroed, or with `zeroed: false`
    /// uninitialised (for decoders that overwrite every byte; see the kernel's package-internal `PixelStorage`).
    ///
    /// This lets a caller decode many images into one buffer without paying for fresh pages each time.
    public mutating func reshape(
        width: Int, height: Int, format: PixelFormat, limits: Limits = .none, zeroed: Bool = true
    ) throws(ImageError) {
        try reshape(width: width, height: height, format: format, limits: limits, zeroed: zeroed, placement: .aligned)
    }

    /// ``reshape(width:height:format:limits:zeroed:)`` with new storage placed as `placement` says (reused storage
    /// keeps its own placement).
    package mutating func reshape(
        width: Int, height: Int, format: PixelFormat, limits: Limits = .none, zeroed: Bool = true,
        placement: PixelStorage.Placement
    ) throws(ImageError) {
        guard width >= 0, height >= 0 else { throw .invalidArgument("negative image size \(width)x\(height)") }
        if width > 0 && height > 0 { try limits.check(width: width, height: height, format: format) }
        let stride = try ByteCount.row(width: width, format: format)
        let total = try ByteCount.multiply(stride, height)
        if !isKnownUniquelyReferenced(&storage) || storage.capacity < total {
            storage = try PixelStorage(capacity: total, zeroed: zeroed, placement: placement)
        }
        self.width = width
        self.height = height
        self.format = format
        self.rowStride = stride
    }

    /// The pixels as tightly packed bytes, rows top to bottom.
    public func packedBytes() -> [UInt8] {
        if isPacked {
            return Array(UnsafeRawBufferPointer(start: storage.pointer, count: byteCount))
        }
        var out = [UInt8]()
        out.reserveCapacity(packedRowBytes * height)
        for y in 0..<height {
            out.append(contentsOf: UnsafeRawBufferPointer(start: storage.pointer + y * rowStride, count: packedRowBytes))
        }
        return out
    }

    /// A sample as a `Double` (0...255 for 8-bit, 0...65535 for 16-bit, the float itself for float32).
    ///
    /// Bounds-checked: an index outside the image traps with a clear message.
    public subscript(x x: Int, y y: Int, channel channel: Int) -> Double {
        get {
            let offset = sampleOffset(x: x, y: y, channel: channel)
            let p = storage.pointer + offset
            switch format.sampleType {
            case .uint8: return Double(p.load(as: UInt8.self))
            case .uint16: return Double(p.loadUnaligned(as: UInt16.self))
            case .float32: return Double(p.loadUnaligned(as: Float.self))
            }
        }
        set {
            let offset = sampleOffset(x: x, y: y, channel: channel)
            makeUnique()
            let p = storage.pointer + offset
            switch format.sampleType {
            case .uint8: p.storeBytes(of: UInt8(clamping: Int(newValue.rounded())), as: UInt8.self)
            case .uint16: p.storeBytes(of: UInt16(clamping: Int(newValue.rounded())), as: UInt16.self)
            case .float32: p.storeBytes(of: Float(newValue), as: Float.self)
            }
        }
    }

    /// All samples of pixel (x, y) as `Double`s.
    public func pixel(x: Int, y: Int) -> [Double] {
        (0..<channelCount).map { self[x: x, y: y, channel: $0] }
    }

    private func sampleOffset(x: Int, y: Int, channel: Int) -> Int {
        precondition(x >= 0 && x < width && y >= 0 && y < height && channel >= 0 && channel < channelCount,
                     "pixel (\(x), \(y)) channel \(channel) is outside a \(width)x\(height)x\(channelCount) image")
        return y * rowStride + (x * channelCount + channel) * format.sampleType.byteCount
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            // The copy has the same capacity as an allocation that already succeeded; failure here means the system is out of memory.
            storage = try! storage.copy(count: byteCount)
        }
    }
}

extension ImageBuffer: Equatable {
    /// Two buffers are equal when they have the same size, format and pixel values (padding is ignored).
    public static func == (lhs: ImageBuffer, rhs: ImageBuffer) -> Bool {
        guard lhs.width == rhs.width, lhs.height == rhs.height, lhs.format == rhs.format else { return false }
        for y in 0..<lhs.height {
            let same = lhs.withUnsafeRow(y) { a in rhs.withUnsafeRow(y) { b in a.elementsEqual(b) } }
            if !same { return false }
        }
        return true
    }
}
