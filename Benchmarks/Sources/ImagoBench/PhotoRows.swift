// Photo rows (issue 14's speed criteria), on the raw RGB8 photo of each size:
// - "orient N": turning the pixels upright for EXIF orientation N (Pillow's exif_transpose). The C row is one
//   memcpy of the image into a fresh buffer (the same for every N): the bar is "at most one extra copy".
// - "ICC->sRGB (Display P3, perceptual)": ProfileConversion to lcms2's built-in sRGB. The C row is cmsDoTransform
//   over the same pixels into a fresh buffer, with the transform built once (cmsCreateTransform, flags 0 as Pillow's
//   profileToProfile); "exact" says Imago's pixels equal the C call's. "ICC->sRGB transform build" is what building
//   the transform per image would add (cmsCreateTransform + cmsDeleteTransform).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CBaselines
import ColorManagement
import ImageKernel
import Registry
import Transforms

func photoRows(_ inputs: Inputs) throws {
    let profile = try? FileIO.read("\(inputs.directory)/display_p3.icc")
    for size in inputs.sizes {
        let (w, h) = inputs.dimensions(size)
        let image = try inputs.rgb(size)
        let pixels = image.packedBytes()
        for value in [2, 3, 6, 8] {
            let orient = ApplyOrientation(Orientation(rawValue: value)!)
            let op = "orient \(value) (\(orient.equivalent.identifier))"
            pairedRows(op, size, c: { try check(cb_copy(pixels, pixels.count)) }) { _ = try orient.apply(image) }
        }
        guard let profile else {
            print("{\"op\": \"ICC->sRGB (Display P3, perceptual)\", \"size\": \(json(size)), \"tool\": \"imago\", \"error\": \"no display_p3.icc (make_inputs.py)\"}")
            continue
        }
        let op = "ICC->sRGB (Display P3, perceptual)"
        guard let transform = cb_cms_create(profile, profile.count, 0) else {
            print("{\"op\": \(json(op)), \"size\": \(json(size)), \"tool\": \"c\", \"error\": \"lcms2 cannot read the profile\"}")
            continue
        }
        defer { cb_cms_free(transform) }
        var expected = [UInt8](repeating: 0, count: pixels.count)
        try check(cb_cms_transform(transform, pixels, Int32(w), Int32(h), &expected))
        let exact = try ProfileConversion.sRGB.convert(image, profile: profile).packedBytes() == expected
        pairedRows(op, size, c: { try check(cb_cms_transform(transform, pixels, Int32(w), Int32(h), nil)) }, extra: exactness(exact)) {
            _ = try ProfileConversion.sRGB.convert(image, profile: profile)
        }
        // What building the transform for every image would add (Imago builds it once per profile pair).
        row("ICC->sRGB transform build (Display P3)", size, "c") {
            guard let built = cb_cms_create(profile, profile.count, 0) else { throw BaselineFailure(status: 1) }
            cb_cms_free(built)
        }
    }
}
