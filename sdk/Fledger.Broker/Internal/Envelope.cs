namespace Fledger.Broker.Internal;

/// <summary>
/// A message being processed: the message (an input, or an output when <see cref="IsOutput"/>), the trail it came
/// over links and the work token it counts in. Not generic, so the queue and the processing code around it are not
/// shared-generic code with runtime type lookups.
/// </summary>
internal readonly record struct Envelope(object Message, bool IsOutput, Trail Trail, WorkToken? Token);
