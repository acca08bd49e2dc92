/// Writes POSIX ustar archives (what Python's `tarfile` and WebDataset read): a 512-byte header per regular file,
/// its contents padded to a multiple of 512 bytes, and two zero blocks at the end.
///
/// Entries are reproducible: mode 0644, owner and group 0 with empty names, and the given modification time.
public enum TarArchive {
    /// The block size of the format.
    public static let blockSize = 512
    /// The largest file one entry can hold: the size field has 11 octal digits.
    public static let maximumFileSize = (1 << 33) - 1
    /// The end-of-archive marker: two zero blocks.
    public static let end = [UInt8](repeating: 0, count: 2 * blockSize)

    /// One entry: the header for a regular file `name` holding `contents`, then `contents` padded to a block.
    /// - Throws: `ImageError/Kind/invalidArgument` when `name` does not fit ustar's 100-byte name (with a
    ///   155-byte folder prefix), and `ImageError/Kind/limitExceeded` when the contents exceed ``maximumFileSize``.
    public static func entry(name: String, contents: [UInt8], modificationTime: Int = 0) throws(ImageError) -> [UInt8] {
        var out = try header(name: name, size: contents.count, modificationTime: modificationTime)
        out += contents
        out += padding(after: contents.count)
        return out
    }

    /// The zero bytes that pad contents of `size` bytes to a whole block.
    public static func padding(after size: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: (blockSize - size % blockSize) % blockSize)
    }

    /// The 512-byte ustar header of a regular file of `size` bytes.
    public static func header(name: String, size: Int, modificationTime: Int = 0) throws(ImageError) -> [UInt8] {
        guard size >= 0, size <= maximumFileSize else {
            throw .limitExceeded("tar entry size in bytes", value: size, maximum: maximumFileSize)
        }
        let (prefix, base) = try split(name)
        var block = [UInt8](repeating: 0, count: blockSize)
        func put(_ bytes: [UInt8], at offset: Int) { block.replaceSubrange(offset..<offset + bytes.count, with: bytes) }
        func octal(_ value: Int, digits: Int) -> [UInt8] {
            let text = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(digits - text.count, 0)) + text).utf8) + [0]
        }
        put(base, at: 0)
        put(octal(0o644, digits: 7), at: 100)        // mode
        put(octal(0, digits: 7), at: 108)            // uid
        put(octal(0, digits: 7), at: 116)            // gid
        put(octal(size, digits: 11), at: 124)        // size
        put(octal(max(modificationTime, 0), digits: 11), at: 136)
        put([UInt8](repeating: 0x20, count: 8), at: 148)  // checksum, counted as spaces
        block[156] = UInt8(ascii: "0")               // regular file
        put(Array("ustar".utf8) + [0], at: 257)      // magic
        put(Array("00".utf8), at: 263)               // version
        put(prefix, at: 345)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(Array((String(repeating: "0", count: 6 - String(checksum, radix: 8).count) + String(checksum, radix: 8)).utf8) + [0, 0x20], at: 148)
        return block
    }

    /// The name split into ustar's (prefix, name) fields.
    private static func split(_ name: String) throws(ImageError) -> (prefix: [UInt8], name: [UInt8]) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, !bytes.contains(0) else { throw .invalidArgument("a tar entry name must be non-empty, without NUL bytes") }
        if bytes.count <= 100 { return ([], bytes) }
        // The longest prefix (up to 155 bytes) ending before a '/', leaving at most 100 bytes of name.
        for slash in bytes.indices.reversed() where bytes[slash] == UInt8(ascii: "/") {
            if slash <= 155 && bytes.count - slash - 1 <= 100 && slash > 0 {
                return (Array(bytes[..<slash]), Array(bytes[(slash + 1)...]))
            }
        }
        throw .invalidArgument("the tar entry name '\(name)' is too long for ustar (100 bytes, or a 155-byte folder prefix)")
    }
}
