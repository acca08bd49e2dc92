// Keras rows: loadImage + imageToArray (float32, channels_last) against the C decode plus the AVX2 float conversion
// (cb_jpeg_decode_widen), at full size and to 224x224 bilinear (default and the opt-in shrink-on-load, whose C
// baseline is the DCT-scaled decode plus the conversion).
import CBaselines
import Imago

/// The largest DCT scale denominator (1, 2, 4 or 8) that keeps both sides at least `target`.
func shrinkDenominator(_ w: Int, _ h: Int, target: Int) -> Int {
    var n = 1
    while n < 8 && w / (n * 2) >= target && h / (n * 2) >= target { n *= 2 }
    return n
}

func kerasRows(_ inputs: Inputs) {
    for size in inputs.sizes {
        let path = inputs.photo(size, ".jpg")
        let (w, h) = inputs.dimensions(size)
        pairedRows("load_img+img_to_array", size, c: { try check(cb_jpeg_decode_widen(path, 1)) }) {
            _ = try imageToArray(loadImage(path))
        }
        row("load_img+img_to_array 224x224 bilinear", size, "imago") {
            _ = try imageToArray(loadImage(path, targetSize: ImageSize(height: 224, width: 224), interpolation: .bilinear))
        }
        let n = shrinkDenominator(w, h, target: 224)
        pairedRows("load_img+img_to_array 224x224 shrink-on-load", size, c: { try check(cb_jpeg_decode_widen(path, Int32(n))) }) {
            _ = try imageToArray(loadImage(path, targetSize: ImageSize(height: 224, width: 224), interpolation: .bilinear, options: .fastShrink))
        }
    }
}

/// Every method Keras's `image_dataset_from_directory` passes to tf.image.resize (TensorFlow's kernels: bilinear,
/// nearest, bicubic, area; the scale-and-translate core: lanczos3, lanczos5, gaussian, mitchellcubic), in peers.py's
/// order.
let tensorFlowResizeMethods: [ResizeMethod] = [.bilinear, .nearest, .bicubic, .area, .lanczos3, .lanczos5, .gaussian, .mitchellcubic]

/// The RGB8 image of `size` as a uint8 (H, W, 3) array.
func rgbArray(_ inputs: Inputs, _ size: String) throws -> NDArray {
    let (w, h) = inputs.dimensions(size)
    return try NDArray(shape: [h, w, 3], elements: FileIO.read("\(inputs.directory)/rgb_\(size).raw"))
}

/// tf.image.resize of the RGB8 image to 224x224 with every method, uint8 in, float32 out (nearest: uint8); and
/// smart_resize (the numpy backend) of its float32 array. The peers are TensorFlow's own tf.image.resize and Keras's
/// smart_resize on the same arrays (peers.py tensorflow and keras).
func resizeAPIRows(_ inputs: Inputs) throws {
    for size in inputs.sizes {
        let array = try rgbArray(inputs, size)
        for method in tensorFlowResizeMethods {
            row("tf.image.resize 224 \(method.rawValue)", size, "imago") {
                _ = try tensorFlowResize(array, size: ImageSize(height: 224, width: 224), method: method)
            }
        }
        let floats = try NDArray(shape: array.shape, elements: array.elements(as: UInt8.self).map(Float.init))
        row("smart_resize 224 bilinear", size, "imago") { _ = try smartResize(floats, size: ImageSize(height: 224, width: 224)) }
    }
}

/// tf.image.resize of the RGB8 image of `size` to 224x224 with `method`, `count` times (for `perf record`).
func loopResize(_ inputs: Inputs, size: String, method: String, count: Int) throws {
    guard let method = ResizeMethod(rawValue: method) else { throw ImageError(.invalidArgument, "no resize method \(method)") }
    let array = try rgbArray(inputs, size)
    for _ in 0..<count { _ = try tensorFlowResize(array, size: ImageSize(height: 224, width: 224), method: method) }
}
