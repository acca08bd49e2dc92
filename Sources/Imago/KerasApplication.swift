/// A family of Keras's pretrained models, named (raw value) as its `keras.applications` module, for
/// ``preprocessInput(_:for:dataFormat:)``: each module's `preprocess_input` is one of the ``PreprocessMode``s or,
/// for models that rescale their input inside, the identity.
public enum KerasApplication: String, Sendable, Hashable, CaseIterable, Codable {
    /// VGG16 (`keras.applications.vgg16`): caffe.
    case vgg16
    /// VGG19 (`keras.applications.vgg19`): caffe.
    case vgg19
    /// ResNet50, ResNet101 and ResNet152, version 1 (`keras.applications.resnet`): caffe.
    case resnet
    /// ResNet50 (`keras.applications.resnet50`, the same function as ``resnet``): caffe.
    case resnet50
    /// ResNet50V2, ResNet101V2 and ResNet152V2 (`keras.applications.resnet_v2`): tf.
    case resnetV2 = "resnet_v2"
    /// MobileNet (`keras.applications.mobilenet`): tf.
    case mobilenet
    /// MobileNetV2 (`keras.applications.mobilenet_v2`): tf.
    case mobilenetV2 = "mobilenet_v2"
    /// MobileNetV3Small and MobileNetV3Large (`keras.applications.mobilenet_v3`): identity (the model rescales
    /// inside, unless built with `include_preprocessing=False`, in which case it expects ``PreprocessMode/tf``).
    case mobilenetV3 = "mobilenet_v3"
    /// InceptionV3 (`keras.applications.inception_v3`): tf.
    case inceptionV3 = "inception_v3"
    /// InceptionResNetV2 (`keras.applications.inception_resnet_v2`): tf.
    case inceptionResNetV2 = "inception_resnet_v2"
    /// Xception (`keras.applications.xception`): tf.
    case xception
    /// NASNetMobile and NASNetLarge (`keras.applications.nasnet`): tf.
    case nasnet
    /// DenseNet121, DenseNet169 and DenseNet201 (`keras.applications.densenet`): torch.
    case densenet
    /// EfficientNetB0 to B7 (`keras.applications.efficientnet`): identity (the model rescales inside).
    case efficientnet
    /// EfficientNetV2 (`keras.applications.efficientnet_v2`): identity (the model rescales inside).
    case efficientnetV2 = "efficientnet_v2"
    /// ConvNeXt (`keras.applications.convnext`): identity (the model normalises inside).
    case convnext

    /// The mode the application's `preprocess_input` applies, or nil when it returns its input unchanged.
    public var preprocessMode: PreprocessMode? {
        switch self {
        case .vgg16, .vgg19, .resnet, .resnet50: .caffe
        case .resnetV2, .mobilenet, .mobilenetV2, .inceptionV3, .inceptionResNetV2, .xception, .nasnet: .tf
        case .densenet: .torch
        case .mobilenetV3, .efficientnet, .efficientnetV2, .convnext: nil
        }
    }
}
