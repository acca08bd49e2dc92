import CJPEGShim
import ImageKernel

/// What a JPEG header says, in Imago's terms.
struct JPEGHeader {
    let info: imago_jpeg_info

    /// 1 component: gray8; 3: rgb8; 4: cmyk8 (plain). Anything else is unsupported, as in Pillow.
    var pixelFormat: PixelFormat {
        get throws(ImageError) {
            switch info.components {
            case 1: return .gray8
            case 3: return .rgb8
            case 4: return .cmyk8
            default: throw .unsupported("cannot handle \(info.components)-component JPEG images")
            }
        }
    }

    /// libjpeg's colour-space guess (JFIF/Adobe rules) as a name.
    var colorSpace: String {
        switch info.jpeg_color_space {
        case 1: return "Gray"
        case 2: return "RGB"
        case 3: return "YCbCr"
        case 4: return "CMYK"
        case 5: return "YCCK"
        default: return "unknown"
        }
    }

    /// Chroma subsampling such as `4:2:0`, or the raw factors (`2x2,1x1,1x1`) for unusual layouts.
    var subsampling: String {
        let n = Int(info.components)
        let h = withUnsafeBytes(of: info.h_samp) { Array($0.bindMemory(to: Int32.self)) }
        let v = withUnsafeBytes(of: info.v_samp) { Array($0.bindMemory(to: Int32.self)) }
        if n == 1 { return "gray" }
        let raw = (0..<min(n, 4)).map { "\(h[$0])x\(v[$0])" }.joined(separator: ",")
        // Chroma (components 1 and 2) at 1x1; a fourth (K) channel, if any, sampled like luma.
        let chromaFull = h[1] == 1 && v[1] == 1 && h[2] == 1 && v[2] == 1
        let kLikeLuma = n == 3 || (h[3] == h[0] && v[3] == v[0])
        guard (n == 3 || n == 4), chromaFull, kLikeLuma else { return raw }
        switch (h[0], v[0]) {
        case (1, 1): return "4:4:4"
        case (2, 1): return "4:2:2"
        case (2, 2): return "4:2:0"
        case (1, 2): return "4:4:0"
        case (4, 1): return "4:1:1"
        case (4, 2): return "4:1:0"
        default: return raw
        }
    }

    /// `baseline`, `progressive`, `arithmetic` or `arithmetic progressive`.
    var process: String {
        switch (info.arithmetic != 0, info.progressive != 0) {
        case (false, false): return "baseline"
        case (false, true): return "progressive"
        case (true, false): return "arithmetic"
        case (true, true): return "arithmetic progressive"
        }
    }

    /// For example `YCbCr 4:2:0 progressive 8-bit`.
    var nativeDescription: String {
        var parts = [colorSpace]
        if info.components != 1 { parts.append(subsampling) }
        parts.append(process)
        parts.append("\(info.data_precision)-bit")
        if info.restart_interval > 0 { parts.append("restart \(info.restart_interval)") }
        return parts.joined(separator: " ")
    }

    /// Codec-specific facts for ``ImageMetadata/properties``.
    var properties: [String: String] {
        var p = [
            "jpeg.progressive": info.progressive != 0 ? "true" : "false",
            "jpeg.arithmetic": info.arithmetic != 0 ? "true" : "false",
            "jpeg.subsampling": subsampling,
            "jpeg.colorSpace": colorSpace,
            "jpeg.components": "\(info.components)",
        ]
        if info.restart_interval > 0 { p["jpeg.restartInterval"] = "\(info.restart_interval)" }
        if info.saw_adobe != 0 { p["jpeg.adobeTransform"] = "\(info.adobe_transform)" }
        return p
    }
}
