import Foundation

/// The contract itself, as shipped in this build, served at `/openapi.yaml`.
public enum OpenAPIDocument {
    /// Read once: the document is immutable for the life of the process.
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("openapi.yaml is missing from the APIContract bundle")
        }
        return [UInt8](data)
    }()
}
