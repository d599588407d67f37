using Helr.Kernel.Resilience;

namespace Helr.Kernel.Http;

/// <summary>
/// A request of an authenticated source went to an origin the source does not declare for its
/// credentials (<c>ISource.CredentialOrigins</c>): they are not sent there and the request is not
/// made. Names the origins, never a path or query.
/// </summary>
internal sealed class CrossOriginCredentialsException(IReadOnlyList<Uri> sourceOrigins, Uri target)
    : Exception($"not sending the source's credentials to {RedirectHandler.Origin(target).AbsoluteUri.TrimEnd('/')}: "
        + $"they belong to {string.Join(", ", sourceOrigins.Select(o => RedirectHandler.Origin(o).AbsoluteUri.TrimEnd('/')))} "
        + $"({(sourceOrigins.Count == 1 ? "the origin" : "the origins")} the source declares for its credentials); the request was not made"), IHealthNeutral;
