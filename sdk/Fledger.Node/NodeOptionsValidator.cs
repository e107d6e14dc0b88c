using Microsoft.Extensions.Options;

namespace Fledger.Node;

/// <summary>Validates <see cref="NodeOptions"/> when they are resolved from DI.</summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
