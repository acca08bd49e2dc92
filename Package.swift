// swift-tools-version: 6.0
// Imago: image I/O for Swift with Keras-exact semantics.
//
// Dependencies point down the layout only: kernel <- registry <- codecs/transforms <- Imago <- imago (CLI).
// Every codec is its own library product so an app links only the C libraries it uses.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// A codec: a Swift target on the kernel, plus (for C-backed codecs) a small C shim target.
func codecTargets(_ name: String, shim: String? = nil, links: [String] = []) -> [Target] {
    var targets: [Target] = []
    var deps: [Target.Dependency] = ["ImageKernel"]
    if let shim {
        targets.append(.target(
            name: shim,
            path: "Sources/Codecs/\(name)/Shim",
            linkerSettings: links.map { .linkedLibrary($0) }
        ))
        deps.append(.target(name: shim))
    }
    targets.append(.target(
        name: "\(name)Codec",
        dependencies: deps,
        path: "Sources/Codecs/\(name)/Codec",
        swiftSettings: swiftSettings
    ))
    return targets
}

let codecs = ["PNM", "JPEG", "PNG", "TIFF", "WebP"]

let package = Package(
    name: "Imago",
    products: [
        .library(name: "ImageKernel", targets: ["ImageKernel"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "Transforms", targets: ["Transforms"]),
        .library(name: "Imago", targets: ["Imago"]),
        .executable(name: "imago", targets: ["imago"]),
        .executable(name: "imago-conformance", targets: ["ImagoConformance"]),
    ] + codecs.map { .library(name: "\($0)Codec", targets: ["\($0)Codec"]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "ImageKernel", swiftSettings: swiftSettings),
        .target(name: "Registry", dependencies: ["ImageKernel"], swiftSettings: swiftSettings),
        .target(name: "Transforms", dependencies: ["ImageKernel", "CTransformsKernels"], swiftSettings: swiftSettings),
        // The 8-bit resize hot loops in C (AVX2 chosen at run time).
        .target(name: "CTransformsKernels", path: "Sources/TransformsKernels"),
        .target(
            name: "Imago",
            dependencies: ["ImageKernel", "Registry", "Transforms"] + codecs.map { .target(name: "\($0)Codec") },
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "imago",
            dependencies: ["Imago", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ImagoConformance",
            dependencies: ["Imago"],
            path: "Conformance/Runner",
            swiftSettings: swiftSettings
        ),

        // Test support shared by every test target: corpus and fixture locations, a minimal .npy reader for references.
        .target(name: "TestSupport", dependencies: ["ImageKernel"], path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "ImageKernelTests", dependencies: ["ImageKernel", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "PNMCodec", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TransformsTests", dependencies: ["Transforms", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ImagoTests", dependencies: ["Imago", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"], swiftSettings: swiftSettings),
    ]
    + codecTargets("PNM")
    + codecTargets("JPEG", shim: "CJPEGShim", links: ["jpeg"])
    + codecTargets("PNG", shim: "CPNGShim", links: ["png16", "z"])
    + codecTargets("TIFF", shim: "CTIFFShim", links: ["tiff"])
    + codecTargets("WebP", shim: "CWebPShim", links: ["webp", "webpdemux", "webpmux"])
    + codecs.map {
        .testTarget(
            name: "\($0)CodecTests",
            dependencies: [.target(name: "\($0)Codec"), "TestSupport"],
            swiftSettings: swiftSettings
        )
    },
    swiftLanguageModes: [.v6]
)
