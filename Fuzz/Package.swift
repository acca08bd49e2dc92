// swift-tools-version: 6.0
// libFuzzer targets, one per codec: `make fuzz CODEC=png SECONDS=600`.
// Built with `-sanitize=fuzzer,address`; each target feeds the fuzzer's bytes to its codec's probe and decode.
import PackageDescription

let codecs = ["PNM", "JPEG", "PNG", "TIFF", "WebP", "BMP", "GIF"]

let package = Package(
    name: "ImagoFuzz",
    dependencies: [.package(name: "Imago", path: "..")],
    targets: [
        .target(name: "FuzzHarness", dependencies: [.product(name: "ImageKernel", package: "Imago")]),
    ] + codecs.map { codec in
        .executableTarget(
            name: "Fuzz\(codec)",
            dependencies: ["FuzzHarness", .product(name: "\(codec)Codec", package: "Imago")],
            path: "Sources/Fuzz\(codec)",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    },
    swiftLanguageModes: [.v6]
)
