// swift-tools-version: 6.0
// Imago: image I/O for Swift with Keras-exact semantics.
//
// Dependencies point down the layout only: kernel <- registry <- codecs/transforms <- Imago <- imago (CLI).
// Every codec is its own library product so an app links only the C libraries it uses.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// A C library a codec links, found through pkg-config (`Sources/Codecs/<codec>/System/module.modulemap` names the
/// headers and the libraries), with the packages that provide it on Debian/Ubuntu and Homebrew. `pkgConfig` is nil for
/// a library that ships no pkg-config file on every platform (giflib): its headers and library are then found on the
/// compiler's default paths.
struct SystemLibrary {
    var module: String
    var pkgConfig: String?
    var links: [String]
    var apt: [String]
    var brew: [String]
}

/// A codec: a Swift target on the kernel, plus (for C-backed codecs) a small C shim target on its system library.
func codecTargets(_ name: String, shim: String? = nil, system: SystemLibrary? = nil) -> [Target] {
    var targets: [Target] = []
    var deps: [Target.Dependency] = ["ImageKernel"]
    if let shim {
        var shimDependencies: [Target.Dependency] = []
        if let system {
            targets.append(.systemLibrary(
                name: system.module,
                path: "Sources/Codecs/\(name)/System",
                pkgConfig: system.pkgConfig,
                providers: [.apt(system.apt), .brew(system.brew)]
            ))
            shimDependencies.append(.target(name: system.module))
        }
        targets.append(.target(
            name: shim,
            dependencies: shimDependencies,
            path: "Sources/Codecs/\(name)/Shim",
            linkerSettings: (system?.links ?? []).map { .linkedLibrary($0) }
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

let codecs = ["PNM", "JPEG", "PNG", "TIFF", "WebP", "BMP", "GIF"]

let package = Package(
    name: "Imago",
    // Mutex and Atomic (the Synchronization module) need macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ImageKernel", targets: ["ImageKernel"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "Transforms", targets: ["Transforms"]),
        .library(name: "Imago", targets: ["Imago"]),
        .library(name: "ColorManagement", targets: ["ColorManagement"]),
        .executable(name: "imago", targets: ["ImagoCLI"]),
        .executable(name: "imago-conformance", targets: ["ImagoConformance"]),
    ] + codecs.map { .library(name: "\($0)Codec", targets: ["\($0)Codec"]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `make docs`: the DocC catalogs (Sources/<Target>/<Target>.docc) through `swift package generate-documentation`.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .target(name: "ImageKernel", swiftSettings: swiftSettings),
        .target(name: "Registry", dependencies: ["ImageKernel", "CFileMetadata"], swiftSettings: swiftSettings),
        // Copying extended attributes and ACLs onto a save's temporary file (sys/xattr.h, copyfile.h) for FileIO.
        .target(name: "CFileMetadata", path: "Sources/FileMetadataShim"),
        .target(name: "Transforms", dependencies: ["ImageKernel", "CTransformsKernels"], swiftSettings: swiftSettings),
        // The hot loops in C: 8-bit resize and luma (AVX2/AVX-512 chosen at run time), CRC-32C (SSE4.2) for TFRecord.
        .target(name: "CTransformsKernels", path: "Sources/TransformsKernels"),
        // LittleCMS 2 for Pillow's LAB -> RGB conversion (ImageCms) in load_img.
        .systemLibrary(name: "CLittleCMS", path: "Sources/LittleCMS", pkgConfig: "lcms2",
                       providers: [.apt(["liblcms2-dev"]), .brew(["little-cms2"])]),
        .target(
            name: "Imago",
            dependencies: ["ImageKernel", "Registry", "Transforms", "CTransformsKernels", "CLittleCMS"] + codecs.map { .target(name: "\($0)Codec") },
            swiftSettings: swiftSettings
        ),
        // ICC colour management on lcms2, in its own targets: only programs that convert colours link lcms2.
        .systemLibrary(name: "CLCMS2", path: "Sources/ColorManagement/System", pkgConfig: "lcms2",
                       providers: [.apt(["liblcms2-dev"]), .brew(["little-cms2"])]),
        .target(name: "CColorManagementShim", dependencies: ["CLCMS2"], path: "Sources/ColorManagement/Shim",
                linkerSettings: [.linkedLibrary("lcms2")]),
        .target(name: "ColorManagement", dependencies: ["ImageKernel", "CColorManagementShim"],
                path: "Sources/ColorManagement/Conversion", swiftSettings: swiftSettings),
        // The `imago` command line tool. Its folder is not `Sources/imago`: that would differ from `Sources/Imago` only in
        // letter case, and the two would merge on a case-insensitive file system (the macOS default).
        .executableTarget(
            name: "ImagoCLI",
            dependencies: ["Imago", "ColorManagement", "CAllocatorTuning",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .target(name: "CAllocatorTuning", path: "Sources/AllocatorTuningShim"),
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
        .testTarget(name: "ImagoTests", dependencies: ["Imago", "ColorManagement", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PackageTests", dependencies: ["TestSupport"], swiftSettings: swiftSettings),
    ]
    + codecTargets("PNM")
    + codecTargets("BMP")
    + codecTargets("JPEG", shim: "CJPEGShim", system: SystemLibrary(
        module: "CLibJPEG", pkgConfig: "libjpeg", links: ["jpeg"], apt: ["libjpeg62-turbo-dev"], brew: ["jpeg-turbo"]))
    + codecTargets("PNG", shim: "CPNGShim", system: SystemLibrary(
        module: "CLibPNG", pkgConfig: "libpng16", links: ["png16", "z"], apt: ["libpng-dev"], brew: ["libpng"]))
    + codecTargets("TIFF", shim: "CTIFFShim", system: SystemLibrary(
        module: "CLibTIFF", pkgConfig: "libtiff-4", links: ["tiff"], apt: ["libtiff-dev"], brew: ["libtiff"]))
    + codecTargets("WebP", shim: "CWebPShim", system: SystemLibrary(
        module: "CLibWebP", pkgConfig: "libwebpdemux", links: ["webp", "webpdemux", "webpmux"], apt: ["libwebp-dev"], brew: ["webp"]))
    + codecTargets("GIF", shim: "CGIFShim", system: SystemLibrary(
        module: "CLibGIF", pkgConfig: nil, links: ["gif"], apt: ["libgif-dev"], brew: ["giflib"]))
    + codecs.map {
        .testTarget(
            name: "\($0)CodecTests",
            dependencies: [.target(name: "\($0)Codec"), "TestSupport"],
            swiftSettings: swiftSettings
        )
    },
    swiftLanguageModes: [.v6]
)
