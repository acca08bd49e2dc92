import Transforms

/// Keras's interpolation names for `smart_resize`, `keras.ops.image.resize` and `image_dataset_from_directory`
/// (not `load_img`'s Pillow filters, which are ``Interpolation``).
///
/// Which backend accepts which: Keras's numpy (and jax) backend resizes with bilinear, nearest, bicubic, lanczos3 and
/// lanczos5; TensorFlow's `tf.image.resize` with all eight.
public enum ResizeMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Linear interpolation (triangle kernel; TensorFlow's `ResizeBilinear`).
    case bilinear
    /// The nearest sample (TensorFlow keeps the dtype: uint8 batches on the TensorFlow path).
    case nearest
    /// Keys cubic, a = -0.5 (TensorFlow's `ResizeBicubic`).
    case bicubic
    /// Area averaging (TensorFlow's `ResizeArea`; TensorFlow only).
    case area
    /// Lanczos, radius 3.
    case lanczos3
    /// Lanczos, radius 5.
    case lanczos5
    /// Gaussian, radius 1.5, sigma 0.5 (TensorFlow only).
    case gaussian
    /// Mitchell-Netravali cubic, B = C = 1/3 (TensorFlow only).
    case mitchellcubic

    /// Parses a name case-insensitively, as Keras lower-cases it.
    public init?(name: String) { self.init(rawValue: name.lowercased()) }

    /// The scale-and-translate kernel of this method (`nil` for nearest and area, which have none).
    var scaleAndTranslateKernel: ScaleAndTranslateKernel? {
        switch self {
        case .bilinear: .triangle
        case .bicubic: .keysCubic
        case .lanczos3: .lanczos3
        case .lanczos5: .lanczos5
        case .gaussian: .gaussian
        case .mitchellcubic: .mitchellCubic
        case .nearest, .area: nil
        }
    }

    /// TensorFlow's dedicated kernel for this method (`nil` for the scale-and-translate methods).
    var tensorFlowKernel: TensorFlowResizeMethod? {
        switch self {
        case .bilinear: .bilinear
        case .nearest: .nearest
        case .bicubic: .bicubic
        case .area: .area
        case .lanczos3, .lanczos5, .gaussian, .mitchellcubic: nil
        }
    }

    /// Whether Keras's numpy backend can resize with it.
    var numpyBackendSupports: Bool {
        switch self {
        case .bilinear, .nearest, .bicubic, .lanczos3, .lanczos5: true
        case .area, .gaussian, .mitchellcubic: false
        }
    }

    /// The error Keras's numpy backend gives for a method it lacks.
    var numpyBackendError: ImageError {
        .invalidArgument("interpolation=\(rawValue) is accepted by Keras but fails in the numpy backend's resize; "
            + "use one of bilinear, nearest, bicubic, lanczos3, lanczos5 (or the TensorFlow path)")
    }
}

/// The former name of ``ResizeMethod`` for `smartResize`.
@available(*, deprecated, renamed: "ResizeMethod")
public typealias SmartResizeInterpolation = ResizeMethod
