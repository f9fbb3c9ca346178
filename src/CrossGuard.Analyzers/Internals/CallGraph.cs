using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CrossGuard.Analyzers.Internals;

/// <summary>One place a method is called (or referenced as a method group) from.</summary>
internal sealed class CallSite
{
    public CallSite(IOperation operation, ISymbol? containing)
    {
        Operation = operation;
        Containing = containing;
    }

    public IOperation Operation { get; }

    /// <summary>The member the operation is in (OperationAnalysisContext.ContainingSymbol).</summary>
    public ISymbol? Containing { get; }

    public Location Location => Operation.Syntax.GetLocation();
}

/// <summary>
/// The call sites of a compilation's own methods, and what guards them, so that a guard in a caller counts for its
/// callee: a method that cannot be called from outside this compilation (private, a local function, internal without
/// InternalsVisibleTo; not virtual, not an interface implementation, not a runtime entry point) and whose every call
/// site is guarded is guarded itself, transitively up to <see cref="MaxDepth"/> callers deep. Call sites are recorded
/// during the compilation and evaluated lazily at its end, only for the methods a rule asks about.
/// </summary>
internal sealed class CallGraph<T>
{
    /// <summary>How many callers up a guard is looked for; deeper chains are treated as unguarded (conservative).</summary>
    public const int MaxDepth = 8;

    private readonly GuardDomain<T> _domain;
    private readonly IAssemblySymbol _assembly;
    private readonly bool _internalsVisible;
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<CallSite>> _callers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, T> _assertions = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, T> _entry = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _inProgress = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<CallSite, T> _effective = new();
    private readonly System.Func<IMethodSymbol, ConcurrentQueue<CallSite>> _newQueue = _ => new ConcurrentQueue<CallSite>();

    public CallGraph(Compilation compilation, GuardDomain<T> domain)
    {
        _domain = domain;
        _assembly = compilation.Assembly;
        _internalsVisible = compilation.Assembly.GetAttributes().Any(a => a.AttributeClass is { Name: "InternalsVisibleToAttribute" });
    }

    public GuardDomain<T> Domain => _domain;

    /// <summary>Normalizes a call target: the original definition, the defining part of a partial method.</summary>
    public static IMethodSymbol Normalize(IMethodSymbol method)
    {
        IMethodSymbol original = method.ReducedFrom ?? method.OriginalDefinition;
        return original.PartialDefinitionPart ?? original;
    }

    /// <summary>Operation action for Invocation and MethodReference: records calls of this compilation's methods.</summary>
    public void AnalyzeOperation(OperationAnalysisContext context)
    {
        IMethodSymbol? target = context.Operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
        if (target is null || !SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _assembly))
        {
            return;
        }

        // Only two kinds of callee are ever asked about: a method whose every caller is here (Entry consults IsClosed
        // first) and a P/Invoke (XG0002 judges each call of an import). Calls of other public or virtual methods, most
        // calls in a library, are not recorded at all.
        IMethodSymbol key = Normalize(target);
        if (!MayBeClosed(key) && !PInvokeLibrary.IsCandidate(key))
        {
            return;
        }

        _callers.GetOrAdd(key, _newQueue).Enqueue(new CallSite(context.Operation, context.ContainingSymbol));
    }

    /// <summary>Syntax action for method declarations: remembers EnsureLinux()-style assertion helpers.</summary>
    public void AnalyzeMethodDeclaration(SyntaxNodeAnalysisContext context)
    {
        var declaration = (BaseMethodDeclarationSyntax)context.Node;
        if (declaration.Body is not { Statements.Count: > 0 } body || body.Statements[0] is not Microsoft.CodeAnalysis.CSharp.Syntax.IfStatementSyntax)
        {
            return;
        }

        if (GuardWalker.TryGetAssertion(declaration, context.SemanticModel, _domain, context.CancellationToken, out T state)
            && context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is IMethodSymbol { IsVirtual: false, IsAbstract: false, IsOverride: false } method)
        {
            // Not virtual: a call could reach an override that does not throw.
            _assertions[Normalize(method)] = state;
        }
    }

    public IReadOnlyCollection<CallSite> SitesOf(IMethodSymbol method) =>
        _callers.TryGetValue(Normalize(method), out ConcurrentQueue<CallSite>? sites) ? sites : (IReadOnlyCollection<CallSite>)System.Array.Empty<CallSite>();

    /// <summary>What is known at a call site: its own guards, assertion helpers called before it, and what guards every call of the member it is in.</summary>
    public T Effective(CallSite site, CancellationToken cancellationToken) => Effective(site, 0, cancellationToken);

    /// <summary>What is known at a use inside <paramref name="containing"/> (not itself a call site of a method).</summary>
    public T Effective(IOperation use, ISymbol? containing, CancellationToken cancellationToken) => Effective(new CallSite(use, containing), 0, cancellationToken);

    /// <summary>True when code outside this compilation can call <paramref name="method"/> (so its callers are not all known).</summary>
    public bool IsVisibleOutside(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            return false;
        }

        Accessibility accessibility = method.DeclaredAccessibility;
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility < accessibility)
            {
                accessibility = type.DeclaredAccessibility;
            }
        }

        return accessibility switch
        {
            Accessibility.Private => false,
            Accessibility.Internal or Accessibility.ProtectedAndInternal => _internalsVisible,
            _ => true,
        };
    }

    private T Effective(CallSite site, int depth, CancellationToken cancellationToken)
    {
        if (_effective.TryGetValue(site, out T? cached))
        {
            return cached;
        }

        SemanticModel? model = site.Operation.SemanticModel;
        if (model is null)
        {
            return _domain.Top;
        }

        LocalGuards<T> local = GuardWalker.Collect(site.Operation.Syntax, model, _domain, site.Containing, cancellationToken);
        T state = local.State;
        foreach (IMethodSymbol assertion in local.Assertions)
        {
            if (_assertions.TryGetValue(Normalize(assertion), out T? asserted))
            {
                state = _domain.Meet(state, asserted);
            }
        }

        if (local.Containing is IMethodSymbol caller)
        {
            state = _domain.Meet(state, Entry(caller, depth, cancellationToken));
        }

        // Memoized at every depth: a result cut short by depth or recursion is only weaker (closer to Top), never wrong.
        _effective[site] = state;

        return state;
    }

    /// <summary>What holds whenever <paramref name="method"/> starts: the join over its call sites, when all of them are known.</summary>
    private T Entry(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        method = Normalize(method);
        if (_entry.TryGetValue(method, out T? known))
        {
            return known;
        }

        if (depth >= MaxDepth || !IsClosed(method) || !_inProgress.Add(method))
        {
            // Too deep, open to unknown callers, or recursive: nothing is known.
            return _domain.Top;
        }

        T state = _domain.Top;
        bool first = true;
        if (_callers.TryGetValue(method, out ConcurrentQueue<CallSite>? sites))
        {
            foreach (CallSite site in sites)
            {
                T at = Effective(site, depth + 1, cancellationToken);
                state = first ? at : _domain.Join(state, at);
                first = false;
            }
        }

        _inProgress.Remove(method);
        if (first)
        {
            // Never called here: called through reflection or not at all; it proves nothing.
            state = _domain.Top;
        }

        _entry[method] = state;

        return state;
    }

    /// <summary>The part of <see cref="IsClosed"/> that needs no attribute decoding (cheap enough for every call).</summary>
    private bool MayBeClosed(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
        && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern
        && !IsVisibleOutside(method);

    /// <summary>True when every call of <paramref name="method"/> is in this compilation and visible to us.</summary>
    private bool IsClosed(IMethodSymbol method)
    {
        if (!MayBeClosed(method))
        {
            return false;
        }

        foreach (AttributeData attribute in method.GetAttributes())
        {
            // Called by the runtime, not by this code.
            if (attribute.AttributeClass?.Name is "UnmanagedCallersOnlyAttribute" or "ModuleInitializerAttribute")
            {
                return false;
            }
        }

        return true;
    }
}
