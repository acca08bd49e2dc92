import ImageKernel
import PNMCodec
import Testing

/// Damaged inputs never crash: every mutation of valid files either decodes or throws an ImageError.
struct PNMRobustnessTests {
    static let seeds: [[UInt8]] = [
        Array("P1\n# c\n5 2\n10110\n01010\n".utf8),
        Array("P2\n3 2\n1000\n0 500 1000\n1 2 3\n".utf8),
        Array("P3 2 1 255 1 2 3 4 5 6".utf8),
        Array("P4\n10 2\n".utf8) + [0xA0, 0x40, 0xFF, 0xC0],
        Array("P5\n3 2\n255\n".utf8) + [1, 2, 3, 4, 5, 6],
        Array("P6\n1 2\n65535\n".utf8) + [UInt8](repeating: 0x80, count: 12),
        Array("P7\nWIDTH 2\nHEIGHT 1\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n".utf8) + [UInt8](repeating: 9, count: 8),
    ]

    @Test(arguments: 0..<seeds.count)
    func mutatedFilesDecodeOrFailCleanly(_ seedIndex: Int) {
        let seed = Self.seeds[seedIndex]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(seedIndex + 1)
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let interesting: [UInt8] = Array("0123456789 \n\t#-+PWHDEMTX".utf8) + [0, 0xFF, 0x7F, 0x80]
        for round in 0..<400 {
            var data = seed
            for _ in 0...next(3) {
                switch next(4) {
                case 0 where !data.isEmpty: data[next(data.count)] = interesting[next(interesting.count)]
                case 1 where !data.isEmpty: data.remove(at: next(data.count))
                case 2: data.insert(interesting[next(interesting.count)], at: next(data.count + 1))
                default: data = Array(data.prefix(next(data.count + 1)))
                }
            }
            for allowTruncated in [false, true] {
                let options = DecodeOptions(limits: Limits(maxPixels: 1 << 20), allowTruncated: allowTruncated)
                do {
                    let decoded = try PNMDecoder().decode(data, options: options)
                    #expect(decoded.image.width == decoded.metadata.width && decoded.image.height == decoded.metadata.height)
                } catch let error as ImageError {
                    #expect(!error.reason.isEmpty && !error.reason.contains("\n"), "round \(round): \(error)")
                } catch {
                    Issue.record("round \(round): a non-ImageError \(error)")
                }
            }
        }
    }
}
