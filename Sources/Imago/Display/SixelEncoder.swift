/// Encodes an `rgb8` image as DEC sixel graphics with a fixed 6x6x6 colour cube (216 registers), run-length coded.
public enum SixelEncoder {
    /// The six levels of each channel, as 0...100 percentages for the palette.
    private static let percent = [0, 20, 40, 60, 80, 100]

    /// The register of a colour: each channel rounded to one of six levels.
    static func register(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int { (Int(v) * 5 + 127) / 255 }
        return level(r) * 36 + level(g) * 6 + level(b)
    }

    /// The escape sequence: `ESC P 0;1;0 q`, raster attributes, the palette, one band per six rows, `ESC \`.
    public static func encode(_ image: ImageBuffer) throws(ImageError) -> String {
        guard image.format == .rgb8 else { throw .invalidArgument("sixel encoding takes rgb8 pixels, not \(image.format)") }
        let width = image.width
        var out = "\u{1B}P0;1;0q\"1;1;\(width);\(image.height)"
        for i in 0..<216 { out += "#\(i);2;\(percent[i / 36]);\(percent[i / 6 % 6]);\(percent[i % 6])" }
        var registers = [Int](repeating: 0, count: width * 6)
        var band = 0
        while band < image.height {
            let rows = min(6, image.height - band)
            var used = Set<Int>()
            for k in 0..<rows {
                image.withUnsafeRow(band + k) { row in
                    for x in 0..<width {
                        let c = register(row[3 * x], row[3 * x + 1], row[3 * x + 2])
                        registers[k * width + x] = c
                        used.insert(c)
                    }
                }
            }
            for (index, colour) in used.sorted().enumerated() {
                out += "#\(colour)"
                var previous: Character?
                var run = 0
                func flush() {
                    guard let previous else { return }
                    out += run >= 4 ? "!\(run)\(previous)" : String(repeating: previous, count: run)
                }
                for x in 0..<width {
                    var bits = 0
                    for k in 0..<rows where registers[k * width + x] == colour { bits |= 1 << k }
                    let char = Character(Unicode.Scalar(UInt8(63 + bits)))
                    if char == previous { run += 1 } else { flush(); previous = char; run = 1 }
                }
                flush()
                out += index + 1 < used.count ? "$" : "-"
            }
            band += 6
        }
        return out + "\u{1B}\\"
    }
}
