#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Imago

/// A deterministic, photo-like synthetic beach (sky gradient, sun, sea with waves and foam, textured sand),
/// generated in Swift for `imago demo`: the project's stand-in for the tutorial's `bondi_beach.jpg`.
enum BeachScene {
    /// The tutorial photo's size.
    static let width = 640
    static let height = 427

    /// A small integer hash giving reproducible texture noise in -1...1.
    static func noise(_ x: Int, _ y: Int) -> Double {
        var h = UInt32(truncatingIfNeeded: x &* 374_761_393 &+ y &* 668_265_263)
        h = (h ^ (h >> 13)) &* 1_274_126_177
        h ^= h >> 16
        return Double(h & 0xFFFF) / 32767.5 - 1
    }

    /// Renders the scene as an 8-bit RGB image.
    static func render(width: Int = width, height: Int = height) throws -> ImageBuffer {
        var image = try ImageBuffer(width: width, height: height, format: .rgb8)
        let horizon = Double(height) * 0.42
        let shore = Double(height) * 0.70
        let sun = (x: Double(width) * 0.75, y: Double(height) * 0.16, r: Double(height) * 0.075)
        for y in 0..<height {
            image.withUnsafeMutableRow(y) { row in
                for x in 0..<width {
                    let fx = Double(x), fy = Double(y)
                    var rgb: (Double, Double, Double)
                    if fy < horizon {
                        let t = fy / horizon
                        rgb = (70 + 110 * t, 130 + 85 * t, 210 + 30 * t)
                        let d = ((fx - sun.x) * (fx - sun.x) + (fy - sun.y) * (fy - sun.y)).squareRoot()
                        if d < sun.r {
                            rgb = (255, 238, 170)
                        } else if d < sun.r * 3 {
                            let glow = (1 - (d - sun.r) / (sun.r * 2)) * 0.6
                            rgb = (rgb.0 + (255 - rgb.0) * glow, rgb.1 + (240 - rgb.1) * glow, rgb.2 + (200 - rgb.2) * glow)
                        }
                    } else if fy < shore {
                        let t = (fy - horizon) / (shore - horizon)
                        let phase: Double = fx / (14 + 20 * t) + fy * 0.9 + 3 * sin(fx / 97)
                        let wave: Double = sin(phase) * (0.4 + 0.6 * t)
                        rgb = (20 + 30 * t + 18 * wave, 85 + 60 * t + 22 * wave, 150 + 25 * t + 20 * wave)
                        if t > 0.85 && wave > 0.55 { rgb = (235, 240, 240) }
                    } else {
                        let t = (fy - shore) / (Double(height) - shore)
                        let wet = t < 0.12 ? 0.75 : 1.0
                        let grain: Double = 14 * noise(x, y) + 6 * sin(fx / 23 + fy / 11)
                        rgb = ((222 + grain) * wet, (196 + grain) * wet, (150 + grain * 0.8) * wet)
                    }
                    row[3 * x] = UInt8(clamping: Int(rgb.0.rounded()))
                    row[3 * x + 1] = UInt8(clamping: Int(rgb.1.rounded()))
                    row[3 * x + 2] = UInt8(clamping: Int(rgb.2.rounded()))
                }
            }
        }
        return image
    }
}
