namespace Fledger.WebNode.Services;

/// <summary>A self-test check found wrong behaviour.</summary>
public sealed class SelfTestException(string message) : Exception(message);
