import Imago
import Testing

/// Limits are on by default and checked before allocation: hostile headers built here (huge dimensions over
/// tiny bodies, decompression bombs, enormous TIFF strips and tiles, thousands of animation frames) fail with
/// ``ImageError/Kind/limitExceeded`` (or another typed error) while the decode's peak resident growth stays
/// under a few megabytes.
@Suite(.serialized, .enabled(if: MemoryProbe.available, "cannot reset VmHWM through /proc/self/clear_refs"))
struct LimitTests {
    /// The most a refused hostile file may make resident while it is refused.
    static let budget = 8 << 20

    /// Decodes `bytes` through the standard registry, returning the error (or nil) and the peak memory growth.
    static func decode(_ bytes: [UInt8], options: DecodeOptions = .default, allFrames: Bool = false, attempts: Int = 3)
        -> (error: ImageError?, result: DecodedImage?, peak: Int)
    {
        var error: ImageError?, result: DecodedImage?
        let peak = MemoryProbe.peakGrowth(attempts: attempts) {
            error = nil; result = nil
            do {
                if allFrames { result = try FormatRegistry.standard.decodeFrames(bytes, options: options).first }
                else { result = try FormatRegistry.standard.decode(bytes, options: options) }
            } catch let caught as ImageError { error = caught } catch { Issue.record("not an ImageError: \(error)") }
        }
        return (error, result, peak)
    }

    /// Expects a `limitExceeded` whose reason names `value`, with a small peak.
    static func expectLimit(_ bytes: [UInt8], value: Int, options: DecodeOptions = .default, allFrames: Bool = false,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let (error, _, peak) = decode(bytes, options: options, allFrames: allFrames)
        #expect(error?.kind == .limitExceeded, "got \(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.reason.contains(String(value)) == true, "the value \(value) is named: \(String(describing: error))",
                sourceLocation: sourceLocation)
        #expect(peak < budget, "peak growth \(peak) bytes", sourceLocation: sourceLocation)
        // probe reads the header only and must refuse the same way.
        #expect(throws: ImageError.self, sourceLocation: sourceLocation) { try FormatRegistry.standard.probe(bytes, limits: options.limits) }
    }

    /// The control: the probe does see a real decode's buffer (an 18 MB PGM), so the small numbers above mean
    /// something.
    @Test func limitProbeSeesARealAllocation() throws {
        let file = Array("P5\n6000 3000\n255\n".utf8) + [UInt8](repeating: 7, count: 6000 * 3000)
        // One attempt: later ones would reuse the buffer cached by the first.
        let (error, result, peak) = Self.decode(file, attempts: 1)
        #expect(error == nil && result?.image.width == 6000)
        #expect(peak > 16_000_000, "peak growth \(peak) bytes for an 18 MB buffer")
    }

    @Test func limitHugePNGDimensions() {
        Self.expectLimit(HostileFiles.png(width: 100_000, height: 100_000), value: 10_000_000_000)
        // One dimension alone beyond the limit: libpng's own per-dimension check refuses it, named like the others.
        Self.expectLimit(HostileFiles.png(width: 200_000_000, height: 1), value: 200_000_000)
        Self.expectLimit(HostileFiles.png(width: 1, height: 300_000_000), value: 300_000_000)
    }

    @Test func limitHugeJPEGDimensions() throws {
        Self.expectLimit(try HostileFiles.jpeg(width: 65_000, height: 65_000), value: 4_225_000_000)
    }

    @Test func limitHugeTIFFDimensions() {
        Self.expectLimit(HostileFiles.tiffStrip(width: 100_000, height: 100_000, compression: 1, stripBytes: 64),
                         value: 10_000_000_000)
    }

    @Test func limitHugeWebPFrame() throws {
        Self.expectLimit(try HostileFiles.webpHugeVP8(), value: 16383 * 16383)
    }

    @Test func limitHugeWebPCanvas() throws {
        let (error, _, peak) = Self.decode(try HostileFiles.webpHugeCanvas())
        #expect(error != nil && [.limitExceeded, .corrupt].contains(error!.kind), "\(String(describing: error))")
        #expect(peak < Self.budget, "peak growth \(peak) bytes")
    }

    @Test func limitHugeWebPAnimationFrame() throws {
        let file = try HostileFiles.webpHugeAnimationFrame()
        for allFrames in [false, true] {
            let (error, _, peak) = Self.decode(file, allFrames: allFrames)
            #expect(error != nil && [.limitExceeded, .corrupt].contains(error!.kind), "\(String(describing: error))")
            #expect(peak < Self.budget, "peak growth \(peak) bytes")
        }
    }

    @Test func limitHugePNMDimensions() {
        Self.expectLimit(HostileFiles.pnm(width: 100_000, height: 100_000), value: 10_000_000_000)
    }

    @Test func limitHugeBMPDimensions() {
        Self.expectLimit(HostileFiles.bmp(width: 100_000, height: 100_000, bits: 24), value: 10_000_000_000)
    }

    /// An RLE8 BMP claiming 20000x8000 (160 MB of RGB, within the limits) whose stream stops after one run: the stream
    /// is walked before anything is allocated, so the truncation costs no memory.
    @Test func limitTruncatedBMPRunLengthAllocatesNothing() {
        let (error, _, peak) = Self.decode(HostileFiles.bmp(width: 20_000, height: 8_000, bits: 8, compression: 1, pixels: [5, 1]))
        #expect(error?.kind == .truncated, "got \(String(describing: error))")
        #expect(peak < Self.budget, "peak growth \(peak) bytes")
    }

    @Test func limitHugeDimensionsUnderCustomLimits() {
        // 4000x4000 is fine by default (the body is merely truncated) but over a 1-megapixel limit.
        let file = HostileFiles.pnm(width: 4000, height: 4000)
        #expect(Self.decode(file).error?.kind == .truncated)
        Self.expectLimit(file, value: 16_000_000, options: DecodeOptions(limits: Limits(maxPixels: 1_000_000)))
        Self.expectLimit(file, value: 16_000_000, options: DecodeOptions(limits: Limits(maxBytes: 1 << 20)))
    }

    /// A metadata bomb is refused or dropped, never inflated: either `limitExceeded` or a successful decode
    /// without the chunk, and in both cases a small peak.
    static func expectBombDefused(_ bytes: [UInt8], options: DecodeOptions = .default, sourceLocation: SourceLocation = #_sourceLocation) {
        let (error, result, peak) = decode(bytes, options: options)
        if let error {
            #expect(error.kind == .limitExceeded, "\(error)", sourceLocation: sourceLocation)
        } else {
            let text = result?.metadata.text.map(\.value.utf8.count).max() ?? 0
            #expect(text < budget && (result?.metadata.iccProfile?.count ?? 0) < budget, sourceLocation: sourceLocation)
        }
        #expect(peak < budget, "peak growth \(peak) bytes", sourceLocation: sourceLocation)
    }

    @Test func limitPNGzTXtBomb() {
        // 100 MB of text in a 390 KB chunk, over the default 64 MB metadata limit.
        Self.expectBombDefused(HostileFiles.png(width: 8, height: 8, extra: [HostileFiles.zTXtBomb(count: 100 << 20)]))
        // 2 MB under a 1 MB limit.
        Self.expectBombDefused(HostileFiles.png(width: 8, height: 8, extra: [HostileFiles.zTXtBomb(count: 2 << 20)]),
                               options: DecodeOptions(limits: Limits(maxMetadataBytes: 1 << 20)))
    }

    @Test func limitPNGiTXtBomb() {
        Self.expectBombDefused(HostileFiles.png(width: 8, height: 8, extra: [HostileFiles.iTXtBomb(count: 100 << 20)]))
    }

    @Test func limitPNGiCCPBomb() {
        // The ICC header claims 1 GB; the stream really inflates to 100 MB.
        Self.expectBombDefused(HostileFiles.png(width: 8, height: 8, extra: [HostileFiles.iCCPBomb(claimed: 1 << 30, count: 100 << 20)]))
        // An honest-looking 4 MB profile under a 1 MB metadata limit.
        Self.expectBombDefused(HostileFiles.png(width: 8, height: 8, extra: [HostileFiles.iCCPBomb(claimed: 4 << 20, count: 4 << 20)]),
                               options: DecodeOptions(limits: Limits(maxMetadataBytes: 1 << 20)))
    }

    @Test(arguments: [1, 5, 8, 32773])  // none, LZW, deflate, PackBits
    func limitTIFFEnormousStrip(compression: Int) {
        // A 1000x1000 gray page (1 MB) whose only strip claims 4 GB in a 200-byte file.
        let file = HostileFiles.tiffStrip(width: 1000, height: 1000, compression: UInt32(compression), stripBytes: 0xFFFF_FF00)
        let (error, _, peak) = Self.decode(file)
        #expect(error != nil, "a strip past the end of the file is an error")
        #expect(peak < Self.budget, "peak growth \(peak) bytes")
    }

    @Test func limitTIFFEnormousTile() {
        // A 16x16 page in one 2^20 x 2^20 tile: a tile of 1 TB.
        let (error, _, peak) = Self.decode(HostileFiles.tiffTile(width: 16, height: 16, tile: 1 << 20))
        #expect(error != nil && [.limitExceeded, .corrupt].contains(error!.kind), "\(String(describing: error))")
        #expect(peak < Self.budget, "peak growth \(peak) bytes")
    }

    @Test func limitWebPThousandsOfFrames() throws {
        let file = try HostileFiles.webpAnimation(frames: 12_000)
        Self.expectLimit(file, value: 12_000)
        Self.expectLimit(file, value: 12_000, allFrames: true)
        // Under a frame limit of 100, 150 frames are too many.
        Self.expectLimit(try HostileFiles.webpAnimation(frames: 150), value: 150,
                         options: DecodeOptions(limits: Limits(maxFrames: 100)), allFrames: true)
    }

    @Test func limitWebPTotalBytesOfAllFrames() throws {
        // 200 frames of 16x16 RGBA: 204,800 bytes in all, over a 100,000-byte total.
        let file = try HostileFiles.webpAnimation(frames: 200)
        let (error, _, peak) = Self.decode(file, options: DecodeOptions(limits: Limits(maxTotalBytes: 100_000)), allFrames: true)
        #expect(error?.kind == .limitExceeded && error?.reason.contains("100000") == true, "\(String(describing: error))")
        #expect(peak < Self.budget)
        // Within the defaults the same file decodes, frame by frame.
        #expect(try FormatRegistry.standard.decodeFrames(file).count == 200)
    }
}
