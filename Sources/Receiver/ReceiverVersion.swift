/// The version `--version` prints.
public enum ReceiverVersion {
    public static let current = "0.1.0"
}
