namespace Fledger.WebNode.Services;

/// <summary>The outcome of one self-test check.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Detail">Measured values or the failure.</param>
/// <param name="Milliseconds">How long it took.</param>
public sealed record SelfTestResult(string Name, bool Passed, string Detail, double Milliseconds);
