namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>A <see cref="MeshFixture"/> whose Chromium sends raw IP host candidates instead of mDNS names.</summary>
public sealed class MeshMdnsOffFixture : MeshFixture
{
    /// <inheritdoc />
    protected override ChromiumOptions Options => ChromiumOptions.MdnsOff;
}
