// swift-tools-version: 6.0
// Keras API benchmark: Imago loadImage + imageToArray, timed against C (libjpeg + a vectorised widen) and
// Keras 3.15.1 load_img + img_to_array by run.sh.
import PackageDescription

let package = Package(
    name: "KerasBench",
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .executableTarget(
            name: "KerasBench",
            dependencies: [.product(name: "Imago", package: "Imago")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ]
)
