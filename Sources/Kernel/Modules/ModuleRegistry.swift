/// Why the module graph cannot boot; each message names the modules involved.
public enum ModuleGraphError: Error, CustomStringConvertible, Equatable {
    case duplicateModule(String)
    case unknownDependency(module: String, dependency: String)
    case cycle([String])
    case duplicateFeature(code: String, modules: [String])
    case misnamedFeature(module: String, code: String)
    case duplicateLimit(key: String, modules: [String])
    case duplicateSubscriber(String)
    case duplicateRoute(method: String, path: String, modules: [String])

    public var description: String {
        switch self {
        case .duplicateModule(let id):
            return "Module '\(id)' is registered twice."
        case .unknownDependency(let module, let dependency):
            return "Module '\(module)' depends on '\(dependency)', which is not registered."
        case .cycle(let path):
            return "Modules depend on each other in a cycle: \(path.joined(separator: " → "))."
        case .duplicateFeature(let code, let modules):
            return "Feature '\(code)' is declared by more than one module: \(modules.joined(separator: ", "))."
        case .misnamedFeature(let module, let code):
            return "Module '\(module)' declares feature '\(code)'; its features must be '\(module)' or start with '\(module).'."
        case .duplicateLimit(let key, let modules):
            return "Limit '\(key)' is declared by more than one module: \(modules.joined(separator: ", "))."
        case .duplicateSubscriber(let name):
            return "Event subscriber '\(name)' is declared twice."
        case .duplicateRoute(let method, let path, let modules):
            return "Route \(method) \(path) is registered twice (by \(modules.joined(separator: " and ")))."
        }
    }
}

/// The validated set of modules of one running app, in dependency order.
public struct ModuleRegistry: Sendable {
    /// Modules ordered so that each comes after everything it depends on.
    public let modules: [any AgoraModule]

    /// Validates `modules` (duplicates, unknown dependencies, cycles, feature and limit names)
    /// and orders them by dependency; ties keep registration order.
    public init(_ modules: [any AgoraModule]) throws {
        var byID: [String: any AgoraModule] = [:]
        for module in modules {
            guard byID[module.id] == nil else { throw ModuleGraphError.duplicateModule(module.id) }
            byID[module.id] = module
        }
        for module in modules {
            for dependency in module.dependencies where byID[dependency] == nil {
                throw ModuleGraphError.unknownDependency(module: module.id, dependency: dependency)
            }
        }
        // Depth-first topological sort; the grey set catches cycles with their path.
        var ordered: [any AgoraModule] = []
        var done: Set<String> = []
        var visiting: [String] = []
        func visit(_ id: String) throws {
            if done.contains(id) { return }
            if let start = visiting.firstIndex(of: id) {
                throw ModuleGraphError.cycle(Array(visiting[start...]) + [id])
            }
            visiting.append(id)
            for dependency in byID[id]!.dependencies { try visit(dependency) }
            visiting.removeLast()
            done.insert(id)
            ordered.append(byID[id]!)
        }
        for module in modules { try visit(module.id) }

        var featureOwners: [String: String] = [:]
        var limitOwners: [String: String] = [:]
        var subscribers: Set<String> = []
        for module in ordered {
            for feature in module.features {
                guard feature.code == module.id || feature.code.hasPrefix(module.id + ".") else {
                    throw ModuleGraphError.misnamedFeature(module: module.id, code: feature.code)
                }
                if let owner = featureOwners[feature.code] {
                    throw ModuleGraphError.duplicateFeature(code: feature.code, modules: [owner, module.id])
                }
                featureOwners[feature.code] = module.id
            }
            for limit in module.limits {
                if let owner = limitOwners[limit.key] {
                    throw ModuleGraphError.duplicateLimit(key: limit.key, modules: [owner, module.id])
                }
                limitOwners[limit.key] = module.id
            }
            for subscription in module.eventSubscriptions {
                guard subscribers.insert(subscription.subscriber).inserted else {
                    throw ModuleGraphError.duplicateSubscriber(subscription.subscriber)
                }
            }
        }
        self.modules = ordered
    }

    /// Migration folders in the order they must run.
    public var migrationOwners: [String] {
        modules.compactMap(\.migrationsOwner)
    }

    /// Every feature declared by any module.
    public var features: [FeatureDeclaration] { modules.flatMap(\.features) }

    /// Every limit declared by any module.
    public var limits: [LimitDeclaration] { modules.flatMap(\.limits) }

    /// The module with `id`, if registered.
    public func module(_ id: String) -> (any AgoraModule)? {
        modules.first { $0.id == id }
    }
}
