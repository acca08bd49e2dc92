import CGIFShim
import ImageKernel

extension ImagoGIFStatus {
    /// Throws the ``ImageError`` this shim status stands for (nothing for `IMAGO_GIF_OK`).
    func check(_ what: String) throws(ImageError) {
        switch self {
        case IMAGO_GIF_OK: return
        case IMAGO_GIF_TRUNCATED, IMAGO_GIF_EARLY_END: throw .truncated("GIF data is truncated (\(what))")
        case IMAGO_GIF_NOT_GIF: throw .unknownFormat("not a GIF file (no GIF87a/GIF89a signature)")
        case IMAGO_GIF_NOMEM: throw .limitExceeded("giflib ran out of memory (\(what)); bytes", value: 0, maximum: 0)
        case IMAGO_GIF_CODE_SIZE:
            throw .unsupported("GIF frame with an LZW minimum code size above 8 (outside the GIF specification; giflib refuses it, Pillow reads it)")
        case IMAGO_GIF_ENCODE_FAILED: throw .encodeFailed("giflib could not write the GIF (\(what))")
        default: throw .corrupt("invalid GIF data (\(what))")
        }
    }
}
