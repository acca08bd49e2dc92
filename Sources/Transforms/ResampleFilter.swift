#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel

/// The resampling filters of Pillow's `Image.resize`, with Pillow's kernels and supports.
public enum ResampleFilter: String, Sendable, Hashable, CaseIterable, Codable {
    /// Nearest neighbour (Pillow `NEAREST`): no interpolation, an affine scale with a running position sum.
    case nearest
    /// Box (Pillow `BOX`): each output pixel averages the source pixels its footprint covers.
    case box
    /// Bilinear / triangle (Pillow `BILINEAR`), antialiased when downscaling.
    case bilinear
    /// Hamming-windowed sinc of support 1 (Pillow `HAMMING`).
    case hamming
    /// Keys cubic with a = -0.5 (Pillow `BICUBIC`).
    case bicubic
    /// Lanczos-3 (Pillow `LANCZOS`).
    case lanczos

    /// The kernel's half-width in source pixels at scale 1 (Pillow's `support`).
    public var support: Double {
        switch self {
        case .nearest: 0
        case .box: 0.5
        case .bilinear, .hamming: 1
        case .bicubic: 2
        case .lanczos: 3
        }
    }

    /// Pillow's kernel function, evaluated in `double` exactly as `Resample.c` does.
    @inline(__always)
    public func weight(_ x: Double) -> Double {
        switch self {
        case .nearest:
            return 0
        case .box:
            return (x > -0.5 && x <= 0.5) ? 1 : 0
        case .bilinear:
            let a = abs(x)
            return a < 1 ? 1 - a : 0
        case .hamming:
            let a = abs(x)
            if a == 0 { return 1 }
            if a >= 1 { return 0 }
            let p = a * Double.pi
            // Pillow writes 0.54f and 0.46f: single-precision constants promoted to double.
            return sin(p) / p * (Double(Float(0.54)) + Double(Float(0.46)) * cos(p))
        case .bicubic:
            let a = -0.5
            let t = abs(x)
            if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
            if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
            return 0
        case .lanczos:
            if -3 <= x && x < 3 { return Self.sinc(x) * Self.sinc(x / 3) }
            return 0
        }
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let p = x * Double.pi
        return sin(p) / p
    }
}

/// A source rectangle for a resize, in source pixel coordinates (Pillow's `box` argument).
///
/// Coordinates are stored as C `float`, as Pillow does; taps may read outside the box but never outside the image.
public struct ResizeBox: Sendable, Hashable {
    /// The left edge (Pillow's `box[0]`).
    public var x0: Float
    /// The top edge (Pillow's `box[1]`).
    public var y0: Float
    /// The right edge, exclusive (Pillow's `box[2]`).
    public var x1: Float
    /// The bottom edge, exclusive (Pillow's `box[3]`).
    public var y1: Float

    /// The rectangle from (`x0`, `y0`) to (`x1`, `y1`), Pillow's `box=(x0, y0, x1, y1)`; fractional edges are allowed.
    public init(x0: Float, y0: Float, x1: Float, y1: Float) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    /// The whole of a `width` x `height` image.
    public static func whole(width: Int, height: Int) -> ResizeBox {
        ResizeBox(x0: 0, y0: 0, x1: Float(width), y1: Float(height))
    }
}
