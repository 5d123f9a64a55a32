import JSONSyntax

extension AttributeValue: JSONValueReadable {
    /// A container being read: its remaining elements or members, and what has been read so far.
    private struct OpenContainer {
        let elements: [JSONValue]
        let members: [(String, JSONValue)]
        let isObject: Bool
        /// The element or member being read.
        var position = 0
        var array: [AttributeValue] = []
        var object: [String: AttributeValue] = [:]

        /// The path component of the value being read, for errors.
        var component: ValueMismatch.PathComponent {
            isObject ? .key(members[position].0) : .index(position)
        }
    }

    /// Takes the case from the value's JSON type, which is what `init(from:)` arrives at by trial:
    /// it tries string, number, boolean, object, array in turn. As in `Dictionary.init(from:)`, a
    /// repeated key's first member wins and later ones are not read.
    ///
    /// Iterative (open containers on an explicit stack), since a body chooses the depth of its open
    /// maps; linear in the size of the value.
    init(reading value: JSONValue) throws(ValueMismatch) {
        var open: [OpenContainer] = []
        var next = value
        while true {
            var finished: AttributeValue
            switch next {
            case .null: finished = .null
            case .bool(let flag): finished = .bool(flag)
            case .string(let text): finished = .string(text)
            case .number:
                do {
                    finished = .number(try Double(reading: next))
                } catch {
                    throw ValueMismatch(error.reason, reversedPath: open.reversed().map(\.component))
                }
            case .array(let elements):
                if let first = elements.first {
                    var container = OpenContainer(elements: elements, members: [], isObject: false)
                    container.array.reserveCapacity(elements.count)
                    open.append(container)
                    next = first
                    continue
                }
                finished = .array([])
            case .object(let members):
                if let first = members.first {
                    var container = OpenContainer(elements: [], members: members, isObject: true)
                    container.object.reserveCapacity(members.count)
                    open.append(container)
                    next = first.1
                    continue
                }
                finished = .object([:])
            }
            // Store the finished value in its container; close containers that have nothing left to read.
            while true {
                guard !open.isEmpty else {
                    self = finished
                    return
                }
                let top = open.count - 1
                if open[top].isObject {
                    let members = open[top].members
                    open[top].object[members[open[top].position].0] = finished
                    // Skip repeated keys: their first member has been read.
                    var position = open[top].position + 1
                    while position < members.count, open[top].object[members[position].0] != nil {
                        position += 1
                    }
                    open[top].position = position
                    if position < members.count {
                        next = members[position].1
                        break
                    }
                    finished = .object(open.removeLast().object)
                } else {
                    open[top].array.append(finished)
                    open[top].position += 1
                    if open[top].position < open[top].elements.count {
                        next = open[top].elements[open[top].position]
                        break
                    }
                    finished = .array(open.removeLast().array)
                }
            }
        }
    }
}
