/// One piece of an XML document.
enum XMLEvent: Equatable {
    /// A start tag; names keep their prefix (`x:row`), attributes are decoded.
    case start(name: String, attributes: XMLAttributes, selfClosing: Bool)
    case end(name: String)
    case text(String)
}
