import ImageKernel
import Testing
import TestSupport

/// The bounded EXIF parser on hand-built blocks (the values are the TIFF 6.0 layout, written out byte by byte) and
/// on hostile ones: no trap, no hang, at most the documented number of directories.
@Suite struct ExifDirectoryTests {
    /// `order` block with IFD0 = [(tag, type, count, 4 value bytes)], next IFD offset `next`.
    static func block(_ little: Bool, entries: [(Int, Int, Int, [UInt8])], next: Int = 0, tail: [UInt8] = []) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { little ? [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] : [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { little ? u16(v & 0xFFFF) + u16(v >> 16) : u16(v >> 16) + u16(v & 0xFFFF) }
        var out: [UInt8] = (little ? [0x49, 0x49] : [0x4D, 0x4D]) + u16(42) + u32(8) + u16(entries.count)
        for (tag, type, count, value) in entries { out += u16(tag) + u16(type) + u32(count) + value }
        return out + u32(next) + tail
    }

    @Test func readsShortAndLongInBothByteOrders() {
        #expect(Exif.orientation(in: Self.block(true, entries: [(0x0112, 3, 1, [6, 0, 0, 0])])) == .rightTop)
        #expect(Exif.orientation(in: Self.block(false, entries: [(0x0112, 3, 1, [0, 8, 0, 0])])) == .leftBottom)
        #expect(Exif.orientation(in: Self.block(true, entries: [(0x0112, 4, 1, [3, 0, 0, 0])])) == .bottomRight)
        #expect(Exif.orientation(in: Self.block(false, entries: [(0x0112, 4, 1, [0, 0, 0, 5])])) == .leftTop)
        #expect(Exif.orientation(in: Array("Exif".utf8) + [0, 0] + Self.block(true, entries: [(0x0112, 3, 1, [2, 0, 0, 0])])) == .topRight)
    }

    @Test func outOfRangeValuesAreNoOrientationButAreReported() {
        for value in [0, 9, 65535] {
            let block = Self.block(true, entries: [(0x0112, 3, 1, [UInt8(value & 0xFF), UInt8(value >> 8), 0, 0])])
            #expect(Exif.orientation(in: block) == nil)
            #expect(Exif.orientationValue(exif: block, xmp: nil) == value)
        }
    }

    @Test func resettingPatchesInPlace() {
        let block = Self.block(false, entries: [(0x010F, 2, 4, Array("Cam\0".utf8)), (0x0112, 4, 1, [0, 0, 0, 6])])
        let reset = Exif.resettingOrientation(exif: block)
        #expect(reset.count == block.count)
        #expect(Exif.orientation(in: reset) == .topLeft)
        #expect(ExifDirectory(reset)?.entry(0x010F)?.value == .text("Cam"))
    }

    @Test func xmpOrientationWhenExifHasNone() {
        #expect(Exif.orientationValue(exif: nil, xmp: Array(#"<d tiff:Orientation="8"/>"#.utf8)) == 8)
        #expect(Exif.orientationValue(exif: nil, xmp: Array("<tiff:Orientation>3</tiff:Orientation>".utf8)) == 3)
        let exif = Self.block(true, entries: [(0x0112, 3, 1, [0, 0, 0, 0])])
        #expect(Exif.orientationValue(exif: exif, xmp: Array(#"tiff:Orientation="8""#.utf8)) == 0)
        #expect(Exif.resettingOrientation(xmp: Array(#"tiff:Orientation="8""#.utf8)) == Array(#"tiff:Orientation="1""#.utf8))
    }

    @Test func loopsAndOutOfRangeOffsetsEndQuietly() {
        // IFD0's next IFD is IFD0; its Exif pointer is IFD0 too.
        let loop = Self.block(true, entries: [(0x8769, 4, 1, [8, 0, 0, 0]), (0x0112, 3, 1, [6, 0, 0, 0])], next: 8)
        let parsed = ExifDirectory(loop)
        #expect(parsed?.orientationValue == 6)
        #expect((parsed?.entries.count ?? 0) <= 2 * ExifDirectory.maxDirectories)
        var far = Self.block(true, entries: [(0x0112, 3, 1, [6, 0, 0, 0])])
        far[4] = 0xF0; far[7] = 0x7F
        #expect(ExifDirectory(far)?.entries.isEmpty == true)
        // A value offset past the end, a count whose byte size overflows.
        let bad = Self.block(true, entries: [(0x010F, 2, 100, [0xFF, 0xFF, 0, 0]), (0x0110, 5, 0x7FFF_FFFF, [0, 0, 0, 0])])
        #expect(ExifDirectory(bad)?.entries.isEmpty == true)
    }

    @Test func randomAndTruncatedBlocksNeverTrap() {
        let good = Self.block(true, entries: [(0x010F, 2, 8, [26, 0, 0, 0]), (0x0112, 3, 1, [6, 0, 0, 0]),
                                              (0x8769, 4, 1, [38, 0, 0, 0])], tail: Array("CameraX\0".utf8) + [1, 0])
        for length in 0...good.count { _ = ExifDirectory(Array(good.prefix(length))) }
        var random = SeededRandom(seed: 14)
        for _ in 0..<3000 {
            var mutated = good
            for _ in 0..<1 + random.below(4) { mutated[random.below(mutated.count)] = UInt8(random.below(256)) }
            _ = ExifDirectory(mutated).map { $0.entries.count }
            _ = Exif.resettingOrientation(exif: mutated)
            let noise = (0..<random.below(64)).map { _ in UInt8(random.below(256)) }
            _ = ExifDirectory([0x4D, 0x4D, 0, 42, 0, 0, 0, 8] + noise)
        }
    }

    @Test func rawProfileTextIsReadAsPillowReadsIt() {
        let block = Self.block(true, entries: [(0x0112, 3, 1, [6, 0, 0, 0])])
        let hex = (Array("Exif".utf8) + [0, 0] + block).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let entry = TextEntry(key: "Raw profile type exif", value: "\nexif\n      32\n" + hex.prefix(20) + "\n" + hex.dropFirst(20) + "\n")
        #expect(Exif.rawProfile(in: [entry]) == block)
        for bad in ["\nexif\n", "\nexif\n 2\nzz", "\nexif\n 2\nabc", "\nexif\n 0\n"] {
            #expect(Exif.rawProfile(in: [TextEntry(key: "Raw profile type exif", value: bad)]) == nil, "\(bad)")
        }
    }
}
