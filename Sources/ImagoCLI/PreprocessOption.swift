import ArgumentParser
import Imago

/// `--preprocess`: Keras's `preprocess_input`, named by its `imagenet_utils` mode (`caffe`, `tf`, `torch`) or by the
/// `keras.applications` module whose function to apply (`vgg16`, `resnet_v2`, `densenet`...).
enum PreprocessOption: ExpressibleByArgument, Sendable {
    case mode(PreprocessMode)
    case application(KerasApplication)

    init?(argument: String) {
        if let mode = PreprocessMode(rawValue: argument) {
            self = .mode(mode)
        } else if let application = KerasApplication(rawValue: argument) {
            self = .application(application)
        } else {
            return nil
        }
    }

    /// Every mode, then every application, as `--help` lists them.
    static var allValueStrings: [String] {
        PreprocessMode.allCases.map(\.rawValue) + KerasApplication.allCases.map(\.rawValue)
    }

    /// `x` preprocessed as Keras's function does.
    func apply(to x: NDArray, dataFormat: DataFormat) throws -> NDArray {
        switch self {
        case .mode(let mode): try preprocessInput(x, mode: mode, dataFormat: dataFormat)
        case .application(let application): try preprocessInput(x, for: application, dataFormat: dataFormat)
        }
    }
}
