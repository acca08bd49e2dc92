import CColorManagementShim
import ImageKernel

/// Converts images with an embedded ICC profile to sRGB (or another RGB target profile) through lcms2, as Pillow's
/// `ImageCms.profileToProfile(im, embedded, sRGB)` and lcms2's own `tificc` do: same library calls
/// (`cmsCreateTransform` with the rendering intent, no other flags unless black point compensation is asked for,
/// `cmsDoTransform`), so the result equals `tificc`'s on the same Debian library bit for bit. The transform is built
/// once per profile pair and settings and kept (an internal transform cache), and converts from the decoded pixels straight
/// into the output.
///
/// Gray, gray+alpha, RGB, RGBA and CMYK (plain, 0 = no ink) with 8- or 16-bit samples are converted; alpha is copied.
/// A profile lcms2 cannot parse, or one for another colour space than the pixels, is an error (`corrupt` or
/// `invalidArgument`), never a crash; lcms2's messages are captured, never printed.
public struct ProfileConversion: ColorProfileConverter, Hashable {
    /// The ICC rendering intent.
    public enum Intent: Int, Sendable, Hashable, CaseIterable {
        /// The default, as in Pillow's `profileToProfile` and `tificc`.
        case perceptual = 0
        /// Colorimetric, relative to the media white point (`tificc -t1`).
        case relativeColorimetric = 1
        /// Saturation (`tificc -t2`).
        case saturation = 2
        /// Colorimetric, absolute (`tificc -t3`).
        case absoluteColorimetric = 3
    }

    /// The rendering intent (default perceptual).
    public var intent: Intent
    /// Add lcms2's black point compensation (`cmsFLAGS_BLACKPOINTCOMPENSATION`; `tificc -b`).
    public var blackPointCompensation: Bool
    /// The target profile (an RGB profile); `nil` is lcms2's built-in sRGB (`cmsCreate_sRGBProfile`).
    public var targetProfile: [UInt8]?

    /// A conversion to sRGB (or `targetProfile`) with `intent`.
    public init(intent: Intent = .perceptual, blackPointCompensation: Bool = false, targetProfile: [UInt8]? = nil) {
        self.intent = intent
        self.blackPointCompensation = blackPointCompensation
        self.targetProfile = targetProfile
    }

    /// Perceptual conversion to lcms2's built-in sRGB.
    public static let sRGB = ProfileConversion()

    /// `icc(intent=N, bpc=B, target=sRGB|N bytes)`.
    public var identifier: String {
        "icc(intent=\(intent.rawValue), bpc=\(blackPointCompensation ? 1 : 0), target=\(targetProfile.map { "\($0.count) bytes" } ?? "sRGB"))"
    }

    /// `image` (described by `profile`) in the target space: RGB, or RGBA when `image` has alpha (copied), with the
    /// same sample size. Throws `corrupt` for an unreadable profile, `invalidArgument` for a profile of another colour
    /// space than the pixels, `unsupported` for float samples or a profile lcms2 cannot transform with.
    public func convert(_ image: ImageBuffer, profile: [UInt8]) throws -> ImageBuffer {
        let format = image.format
        let layout: imago_cms_layout
        switch format.layout {
        case .gray: layout = IMAGO_CMS_GRAY
        case .grayAlpha: layout = IMAGO_CMS_GRAY_ALPHA
        case .rgb: layout = IMAGO_CMS_RGB
        case .rgba: layout = IMAGO_CMS_RGBA
        case .cmyk: layout = IMAGO_CMS_CMYK
        }
        guard format.sampleType != .float32 else {
            throw ImageError.unsupported("colour conversion of \(format) pixels (8- and 16-bit samples only)")
        }
        let outputFormat = PixelFormat(format.hasAlpha ? .rgba : .rgb, format.sampleType)
        let key = TransformCache.Key(profile: profile, target: targetProfile, layout: layout.rawValue,
                                     bytesPerSample: format.sampleType.byteCount, intent: intent.rawValue,
                                     blackPointCompensation: blackPointCompensation)
        let transform = try TransformCache.shared.transform(for: key) { try Self.makeTransform(key, format: format) }
        // The transform writes straight from the decoded pixels into the output: no intermediate copy.
        var output = try ImageBuffer(width: image.width, height: image.height, format: outputFormat, zeroed: false)
        let outputStride = output.rowStride
        let status = image.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                imago_cms_apply(transform.handle, input.baseAddress, image.rowStride, out.baseAddress, outputStride,
                                UInt32(clamping: image.width), UInt32(clamping: image.height))
            }
        }
        guard status == IMAGO_CMS_OK else {
            throw ImageError.invalidArgument("colour conversion of a \(image.width)x\(image.height) \(format) image failed: the sizes do not fit")
        }
        return output
    }

    /// Builds the lcms2 transform `key` describes, or throws the typed error for its profile.
    private static func makeTransform(_ key: TransformCache.Key, format: PixelFormat) throws -> CMSTransform {
        var params = imago_cms_params()
        params.layout = imago_cms_layout(rawValue: key.layout)
        params.bytes_per_sample = Int32(key.bytesPerSample)
        params.intent = Int32(key.intent)
        params.black_point_compensation = key.blackPointCompensation ? 1 : 0
        var message = [CChar](repeating: 0, count: 256)
        var handle: OpaquePointer?
        let target = key.target ?? []
        let status = key.profile.withUnsafeBufferPointer { source in
            target.withUnsafeBufferPointer { targetBytes in
                params.profile = source.baseAddress
                params.profile_size = source.count
                params.target = key.target == nil ? nil : targetBytes.baseAddress
                params.target_size = targetBytes.count
                return imago_cms_create(&params, &handle, &message, message.count)
            }
        }
        let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let profile = key.profile
        switch status {
        case IMAGO_CMS_OK:
            guard let handle else { throw ImageError.invalidArgument("colour conversion failed: no transform") }
            return CMSTransform(handle)
        case IMAGO_CMS_BAD_PROFILE:
            throw ImageError.corrupt("the embedded ICC profile cannot be read" + (reason.isEmpty ? "" : ": \(reason)"))
        case IMAGO_CMS_WRONG_SPACE:
            throw ImageError.invalidArgument(
                "the embedded ICC profile is for \(ICCProfile.colorSpace(profile) ?? "?") data, the pixels are \(format)")
        case IMAGO_CMS_BAD_TARGET:
            throw ImageError.invalidArgument("the target profile is not a readable RGB profile" + (reason.isEmpty ? "" : ": \(reason)"))
        case IMAGO_CMS_NO_TRANSFORM:
            throw ImageError.unsupported("lcms2 cannot convert with this profile" + (reason.isEmpty ? "" : ": \(reason)"))
        default:
            throw ImageError.invalidArgument("colour conversion failed" + (reason.isEmpty ? "" : ": \(reason)"))
        }
    }
}
