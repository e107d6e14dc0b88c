using Microsoft.Extensions.Options;

namespace Fledger.SignalServer;

/// <summary>Checks <see cref="SignalServerOptions"/> for values the server cannot work with.</summary>
public sealed class SignalServerOptionsValidator : IValidateOptions<SignalServerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SignalServerOptions options)
    {
        var failures = new List<string>();
        if (options.MaxMessageBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add("MaxMessageBytes must be between 1 KiB and 16 MiB.");
        }

        if (options.MaxPeerSetupBytes < 256 || options.MaxPeerSetupBytes >= options.MaxMessageBytes)
        {
            failures.Add("MaxPeerSetupBytes must be at least 256 and below MaxMessageBytes.");
        }

        if (options.MaxConnections < 1)
        {
            failures.Add("MaxConnections must be positive.");
        }

        if (options.MaxListNodes is < 1 or > 10_000)
        {
            failures.Add("MaxListNodes must be between 1 and 10,000.");
        }

        if (options.PresenceFanout is < 0 or > 1_000)
        {
            failures.Add("PresenceFanout must be between 0 and 1,000.");
        }

        if (options.ChallengeLifetime <= TimeSpan.Zero)
        {
            failures.Add("ChallengeLifetime must be positive.");
        }

        if (options.RateLimitBurst < 1 || !(options.RateLimitPerSecond > 0))
        {
            failures.Add("RateLimitBurst and RateLimitPerSecond must be positive.");
        }

        if (options.KeepAliveInterval <= TimeSpan.Zero || options.ClientTimeout <= options.KeepAliveInterval)
        {
            failures.Add("KeepAliveInterval must be positive and below ClientTimeout.");
        }

        if (options.NodeTtl < options.ClientTimeout)
        {
            failures.Add("NodeTtl must be at least ClientTimeout.");
        }

        if (string.IsNullOrWhiteSpace(options.RedisPrefix) || options.RedisPrefix.Length > 64)
        {
            failures.Add("RedisPrefix must be 1 to 64 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
