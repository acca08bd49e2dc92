import ImageKernel
import Registry

extension NDArray {
    /// The largest `.npy` header accepted when reading (NumPy itself refuses headers over 10,000 bytes by default).
    public static let maxNpyHeaderBytes = 1 << 16

    /// Reads a NumPy `.npy` file (format 1.0, 2.0 or 3.0; little-endian or byte-order-free dtype; C order).
    ///
    /// Big-endian, Fortran-order, object and other unsupported dtypes are refused with a clear
    /// `ImageError/Kind/unsupported` error; malformed headers with `ImageError/Kind/corrupt`. Errors name the path.
    public init(npyPath path: String) throws(ImageError) {
        let bytes = try FileIO.read(path, maxBytes: Int.max)
        do {
            try self.init(npyBytes: bytes)
        } catch {
            throw error.naming(file: path)
        }
    }

    /// Parses the bytes of a `.npy` file. Hostile input is answered with a typed error, never a crash.
    public init(npyBytes bytes: [UInt8]) throws(ImageError) {
        let header = try NpyHeader.parse(bytes)
        // Checked before allocating, so a hostile shape cannot request memory the file does not back.
        let needed = try ByteCount.multiply(try NDArray.elementCount(of: header.shape), header.dtype.byteCount)
        guard bytes.count - header.dataOffset >= needed else {
            throw .truncated("npy data holds \(bytes.count - header.dataOffset) bytes, shape \(NDArray.describe(header.shape)) of \(header.dtype) needs \(needed)")
        }
        try self.init(shape: header.shape, dtype: header.dtype, zeroed: false)
        if needed > 0 {
            withUnsafeMutableBytes { destination in
                bytes.withUnsafeBytes { source in
                    destination.baseAddress!.copyMemory(from: source.baseAddress! + header.dataOffset, byteCount: needed)
                }
            }
        }
    }

    /// The bytes of a `.npy` file holding this array: format 1.0 (2.0 when the header needs more than 65,535 bytes),
    /// little-endian, C order, exactly as `numpy.save` writes them.
    public func npyBytes() -> [UInt8] {
        var out = NpyHeader.encode(shape: shape, dtype: dtype)
        withUnsafeBytes { out.append(contentsOf: $0) }
        return out
    }

    /// Writes the array as a `.npy` file, atomically (a failure leaves an existing file untouched).
    /// - Parameters:
    ///   - path: The file to create or replace.
    ///   - durability: whether the file is flushed to stable storage before this returns (the default), or only
    ///     renamed into place whole (`WriteDurability.atomic`, for bulk outputs such as dataset batches).
    ///   - bypassingPageCache: for an array of at least 1 MiB, write its elements without copying them into the page
    ///     cache (`FileIO.writeAllUncached(_:_:path:)`: `O_DIRECT` on Linux, `F_NOCACHE` on Darwin). The header is
    ///     then padded to 4,096 bytes so that the elements start on a page boundary, as the direct write needs (still
    ///     a valid format 1.0 file that `numpy.load` reads; the elements are the same bytes). Worth it for large files
    ///     written once, such as `imago dataset`'s batches: the kernel's copy into fresh cache pages costs as much as
    ///     resizing the images. Off by default, since a file read back at once is then read from the disk.
    public func writeNpy(to path: String, durability: WriteDurability = .flushed,
                         bypassingPageCache: Bool = false) throws(ImageError) {
        let uncached = bypassingPageCache && byteCount >= FileIO.uncachedWriteMinimum
        let header = NpyHeader.encode(shape: shape, dtype: dtype, alignment: uncached ? FileIO.uncachedWriteAlignment : 64)
        try FileIO.writeAtomically(to: path, durability: durability) { fd throws(ImageError) in
            var failure: ImageError?
            header.withUnsafeBytes { h in
                do throws(ImageError) { try FileIO.writeAll(fd, h, path: path) } catch { failure = error }
            }
            if let failure { throw failure }
            try withUnsafeBytes { body throws(ImageError) in
                if uncached {
                    try FileIO.writeAllUncached(fd, body, path: path)
                } else {
                    try FileIO.writeAll(fd, body, path: path)
                }
            }
        }
    }
}

/// The header of a `.npy` file: `\x93NUMPY`, version, header length, then a Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces to a 64-byte boundary.
enum NpyHeader {
    struct Parsed {
        var dtype: NDArray.DType
        var shape: [Int]
        var dataOffset: Int
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    static func descr(_ dtype: NDArray.DType) -> String {
        switch dtype {
        case .float32: "<f4"
        case .float64: "<f8"
        case .uint8: "|u1"
        case .uint16: "<u2"
        case .int32: "<i4"
        }
    }

    /// The header for an array of `shape` and `dtype`, padded with spaces so that its length (where the data starts)
    /// is a multiple of `alignment` (64 as `numpy.save` writes it; a larger multiple of 64, such as 4096 for a
    /// page-aligned data start, is as valid: NumPy reads headers up to 10,000 bytes by default).
    static func encode(shape: [Int], dtype: NDArray.DType, alignment: Int = 64) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let dict = "{'descr': '\(descr(dtype))', 'fortran_order': False, 'shape': \(shapeText), }"
        var version: UInt8 = 1
        var prefix = 10
        var total = prefix + dict.utf8.count + 1
        if (total + alignment - 1) / alignment * alignment - prefix > 65535 {
            version = 2
            prefix = 12
            total = prefix + dict.utf8.count + 1
        }
        let padded = (total + alignment - 1) / alignment * alignment
        let headerLength = padded - prefix
        var out = magic + [version, 0]
        if version == 1 {
            out += [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
        } else {
            out += (0..<4).map { UInt8((headerLength >> (8 * $0)) & 0xFF) }
        }
        out += Array(dict.utf8)
        out += [UInt8](repeating: 0x20, count: padded - total)
        out.append(0x0A)
        return out
    }

    static func parse(_ bytes: [UInt8]) throws(ImageError) -> Parsed {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw .unknownFormat("not a NumPy .npy file (missing the \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let lengthStart = 8
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw .truncated("npy header length is cut off") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[lengthStart + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw .unsupported("npy format version \(major).\(bytes[7]) is not supported (1.0, 2.0 and 3.0 are)")
        }
        guard headerLength <= NDArray.maxNpyHeaderBytes else {
            throw .limitExceeded("npy header length", value: headerLength, maximum: NDArray.maxNpyHeaderBytes)
        }
        guard bytes.count >= headerStart + headerLength else { throw .truncated("npy header is cut off") }
        let text = Array(bytes[headerStart..<headerStart + headerLength])
        var parser = DictParser(text: text)
        let dict = try parser.parseDict()
        guard case .string(let descr)? = dict["descr"] else { throw .corrupt("npy header has no 'descr' string") }
        guard case .bool(let fortran)? = dict["fortran_order"] else { throw .corrupt("npy header has no 'fortran_order' flag") }
        guard case .tuple(let shape)? = dict["shape"] else { throw .corrupt("npy header has no 'shape' tuple") }
        if fortran { throw .unsupported("Fortran-order .npy arrays are not supported; save a C-order array (np.ascontiguousarray)") }
        let dtype = try dtype(forDescr: descr)
        _ = try NDArray.elementCount(of: shape)
        return Parsed(dtype: dtype, shape: shape, dataOffset: headerStart + headerLength)
    }

    static func dtype(forDescr descr: String) throws(ImageError) -> NDArray.DType {
        switch descr {
        case "<f4": return .float32
        case "<f8": return .float64
        case "|u1", "<u1", "=u1", "u1": return .uint8
        case "<u2": return .uint16
        case "<i4": return .int32
        default:
            if descr.hasPrefix(">") {
                throw .unsupported("big-endian dtype '\(descr)' is not supported; convert with x.astype(x.dtype.newbyteorder('<'))")
            }
            if descr.hasPrefix("|O") || descr == "O" {
                throw .unsupported("object arrays ('\(descr)') cannot be read: they hold pickled Python objects")
            }
            throw .unsupported("dtype '\(descr)' is not supported (float32, float64, uint8, uint16 and int32 are)")
        }
    }

    /// The values a `.npy` header dict may hold.
    enum Value {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    /// A strict parser for the small Python-literal subset `.npy` headers use.
    struct DictParser {
        let text: [UInt8]
        var index = 0

        init(text: [UInt8]) { self.text = text }

        mutating func skipSpace() {
            while index < text.count, text[index] == 0x20 || text[index] == 0x0A || text[index] == 0x09 || text[index] == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(ImageError) {
            skipSpace()
            guard index < text.count, text[index] == byte else {
                throw .corrupt("malformed npy header: expected '\(Character(Unicode.Scalar(byte)))' at byte \(index)")
            }
            index += 1
        }

        mutating func peek() -> UInt8? {
            skipSpace()
            return index < text.count ? text[index] : nil
        }

        mutating func parseDict() throws(ImageError) -> [String: Value] {
            try expect(UInt8(ascii: "{"))
            var result: [String: Value] = [:]
            while true {
                if peek() == UInt8(ascii: "}") { index += 1; break }
                let key = try parseString()
                try expect(UInt8(ascii: ":"))
                result[key] = try parseValue()
                guard result.count <= 16 else { throw .corrupt("malformed npy header: too many keys") }
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"))
                break
            }
            return result
        }

        mutating func parseString() throws(ImageError) -> String {
            guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
                throw .corrupt("malformed npy header: expected a string at byte \(index)")
            }
            index += 1
            let start = index
            while index < text.count, text[index] != quote {
                guard text[index] != UInt8(ascii: "\\"), index - start < 64 else {
                    throw .corrupt("malformed npy header: unsupported string")
                }
                index += 1
            }
            guard index < text.count else { throw .corrupt("malformed npy header: unterminated string") }
            let value = String(decoding: text[start..<index], as: UTF8.self)
            index += 1
            return value
        }

        mutating func parseValue() throws(ImageError) -> Value {
            switch peek() {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                return .string(try parseString())
            case UInt8(ascii: "T"), UInt8(ascii: "F"):
                for (word, value) in [("True", true), ("False", false)] {
                    let w = Array(word.utf8)
                    if index + w.count <= text.count, Array(text[index..<index + w.count]) == w {
                        index += w.count
                        return .bool(value)
                    }
                }
                throw .corrupt("malformed npy header: bad boolean at byte \(index)")
            case UInt8(ascii: "("):
                index += 1
                var items: [Int] = []
                while true {
                    if peek() == UInt8(ascii: ")") { index += 1; break }
                    items.append(try parseInt())
                    guard items.count <= 32 else { throw .corrupt("malformed npy header: more than 32 dimensions") }
                    if peek() == UInt8(ascii: ",") { index += 1; continue }
                    try expect(UInt8(ascii: ")"))
                    break
                }
                return .tuple(items)
            default:
                throw .corrupt("malformed npy header: unexpected value at byte \(index)")
            }
        }

        mutating func parseInt() throws(ImageError) -> Int {
            skipSpace()
            var value = 0
            let start = index
            while index < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(text[index] - UInt8(ascii: "0")))
                guard !o1, !o2 else { throw .corrupt("malformed npy header: dimension too large") }
                value = a
                index += 1
            }
            // Python 2 era files may write `3L`.
            if index < text.count, text[index] == UInt8(ascii: "L") { index += 1 }
            guard index > start else { throw .corrupt("malformed npy header: expected a dimension at byte \(index)") }
            return value
        }
    }
}
