namespace Fledger.WebRtc.Sdp;

/// <summary>An <c>m=</c> section that is not the data-channel section (audio, video, ...), kept so an answer can reject it.</summary>
/// <param name="Media">Media type (<c>audio</c>, <c>video</c>, ...).</param>
/// <param name="Port">Port (0 = rejected).</param>
/// <param name="Protocol">Transport protocol token.</param>
/// <param name="Formats">Format list as sent.</param>
/// <param name="Mid">Its <c>a=mid</c>, if any.</param>
public sealed record SdpOtherMedia(string Media, int Port, string Protocol, string Formats, string? Mid);
